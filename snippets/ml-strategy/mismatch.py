from dlnotes.numpy import ml_strategy as ms

# assumed human-level error on these digits (the proxy for Bayes error)
HUMAN = 0.01
runs = {"clean": ms.mismatch_experiment(synthesize=False),
        "synthesized": ms.mismatch_experiment(synthesize=True)}

print(f"{'training data':<14}{'train':>7}{'tr-dev':>8}{'dev':>7}{'test':>7}"
      f"{'var.':>7}{'mismatch':>10}  attack first")
for name, run in runs.items():
    r = run.rates
    d = ms.error_analysis(HUMAN, r["train"], r["dev"],
                          train_dev=r["train_dev"], test=r["test"])
    print(f"{name:<14}{r['train']:>7.1%}{r['train_dev']:>8.1%}"
          f"{r['dev']:>7.1%}{r['test']:>7.1%}"
          f"{d.variance:>7.1%}{d.data_mismatch:>10.1%}  {d.focus}")

print("dev error by distortion:")
for kind in ms.KINDS:
    rates = [run.dev_wrong[run.dev_kinds == kind].mean()
             for run in runs.values()]
    print(f"  {kind:<6} clean training {rates[0]:.1%} "
          f"-> synthesized {rates[1]:.1%}")
