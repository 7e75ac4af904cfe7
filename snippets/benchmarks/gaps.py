from dlnotes.torch import benchmarks as bm

data = bm.load_results()
for case, step, impl, ms, ratio in bm.ratio_rows(data):
    if step == "forward+backward" and ratio > 1.5:
        print(f"{case:<22} {impl:<24} {ms:7.3g} ms, {ratio:5.1f}x the built-in")
