from dlnotes.torch import benchmarks as bm

# the results as committed, read from the root of a clone of the repository
data = bm.load_results("benchmarks/results/cpu.json")  # from a clone's root
print(bm.describe_machine(data))
print(bm.format_table(data, device="cpu"))
