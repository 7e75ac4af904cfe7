import numpy as np

from dlnotes.numpy import initialization as ini

for call in (
    lambda: ini.he_normal((256,), rng=0),
    lambda: ini.initialize_parameters([4, 3], method="glorot"),
    lambda: ini.xavier_normal((3, 2), rng=np.random.default_rng(0), gain=-1),
):
    try:
        call()
    except (ValueError, TypeError) as err:
        print(f"{type(err).__name__}: {err}")
