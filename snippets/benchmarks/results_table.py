from dlnotes.torch import benchmarks as bm

data = bm.load_results()          # benchmarks/results/cpu.json, as committed
print(bm.describe_machine(data))
print(bm.format_table(data, device="cpu"))
