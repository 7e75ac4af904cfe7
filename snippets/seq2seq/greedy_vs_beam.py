import itertools
import math

import numpy as np

from dlnotes.numpy.seq2seq import beam_search

BOS, EOS, A, B = -1, 0, 1, 2  # a three-token vocabulary, and a start
# P(next | prefix) of a toy model; any other prefix ends at once
TABLE = {(): [0.1, 0.5, 0.4], (A,): [0.4, 0.3, 0.3], (B,): [0.9, 0.05, 0.05]}


def probs(prefix):
    return TABLE.get(prefix, [1.0, 0.0, 0.0])


def step(prev, prefixes):  # the state of each beam row: BOS and its prefix
    new = [p + (int(t),) for p, t in zip(prefixes, prev, strict=True)]
    with np.errstate(divide="ignore"):  # log 0 = -inf
        return np.log([probs(p[1:]) for p in new]), new


for k in (1, 2):
    tokens, logp = beam_search(step, [()], bos=BOS, eos=EOS, beam_size=k,
                               max_len=3)
    print(f"beam size {k}: {tokens}  P = {math.exp(logp):.2f}")

# brute force: every output that ends with EOS or has 3 tokens
best = max((seq for n in (1, 2, 3)
            for seq in itertools.product((EOS, A, B), repeat=n)
            if EOS not in seq[:-1] and (seq[-1] == EOS or n == 3)),
           key=lambda s: math.prod(probs(s[:t])[y] for t, y in enumerate(s)))
print("brute force: ", list(best))
