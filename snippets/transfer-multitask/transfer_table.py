from dlnotes.torch import transfer_multitask as tm
from dlnotes.torch import transfer_multitask_experiment as tme

# tme.transfer_experiment() at its defaults, stored
r = tme.PRECOMPUTED["transfer"]
print(f"source task (digits 0-4) training accuracy: {r['source accuracy']:.3f}")
header = "".join(f"{s:>18}" for s in tm.STRATEGIES)
print(f"{'examples per class':<20}" + header)
for k, n in enumerate(r["n"]):
    print(f"{n:<20}" + "".join(f"{r[s][k]:>18.3f}" for s in tm.STRATEGIES))
print("(mean test accuracy on 449 images of digits 5-9 over 3 seeds)")
