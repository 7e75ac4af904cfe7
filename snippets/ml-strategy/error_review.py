import numpy as np

from dlnotes.numpy import ml_strategy as ms

# the classifier trained on clean digits, evaluated on the distorted dev set
run = ms.mismatch_experiment(synthesize=False)
# suppose 3% of the dev labels were recorded wrongly
# (we know which: we flipped them)
recorded, mislabelled = ms.flip_labels(run.dev_true, 0.03, n_classes=10, seed=0)
wrong = run.dev_pred != recorded
print(f"dev error against the recorded labels: {wrong.mean():.3f} "
      f"({wrong.sum()} errors)")

cm = ms.confusion_matrix(recorded, run.dev_pred, n_classes=10)
print("most frequent confusions (true -> predicted: count):",
      ", ".join(f"{t}->{p}: {c}" for t, p, c in ms.top_confusions(cm, 3)))

# the review sheet: one row per error, one column per category
names = ["noise", "blur", "shift", "mislabelled"]
kind_columns = [run.dev_kinds[wrong] == k for k in names[:3]]
tags = np.column_stack(kind_columns + [mislabelled[wrong]])
print(f"{'category':<12}{'errors':>7}{'share':>8}{'ceiling':>9}")
categories = ms.error_categories(tags, names, wrong.mean())
for name, (count, share, ceiling) in categories.items():
    print(f"{name:<12}{count:>7}{share:>8.1%}{ceiling:>9.1%}")
