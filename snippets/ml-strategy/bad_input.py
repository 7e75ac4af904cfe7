import numpy as np

from dlnotes.numpy import ml_strategy as ms

for call in (
    lambda: ms.split_sizes(1000, (0.7, 0.4)),
    lambda: ms.error_analysis(human=0.01, train=8.0, dev=10.0),
    lambda: ms.stratified_split(np.zeros((100, 10), dtype=int), (0.8, 0.2)),
):
    try:
        call()
    except ValueError as err:
        print(f"ValueError: {err}")
