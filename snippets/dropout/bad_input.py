import numpy as np

from dlnotes.numpy import dropout as nd

a = np.ones((3, 4))
for call in (
    lambda: nd.dropout_forward(a, keep_prob=0.0, rng=0),
    lambda: nd.dropout_forward(a, keep_prob=1.2, rng=0),
    lambda: nd.dropout_forward(a, keep_prob=0.5, mask=np.ones((4, 3), bool)),
):
    try:
        call()
    except (ValueError, TypeError) as err:
        print(f"{type(err).__name__}: {err}")
