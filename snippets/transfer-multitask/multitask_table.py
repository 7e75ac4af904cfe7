from dlnotes.torch import transfer_multitask_experiment as tme

# tme.multitask_experiment() at its defaults, stored
r = tme.PRECOMPUTED["multitask"]
print(f"{'task':<10}{'shared trunk':>14}{'separate nets':>15}")
for task, a, b in zip(r["tasks"], r["shared"], r["separate"], strict=True):
    print(f"{task:<10}{a:>14.3f}{b:>15.3f}")
print(f"{'parameters':<10}{r['params shared']:>14,}{r['params separate']:>15,}")
print("(test accuracy on 900 digits; 300 training digits, "
      "30 % of labels missing)")
