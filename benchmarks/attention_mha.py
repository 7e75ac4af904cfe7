"""Benchmark: the package's multi-head attention against nn.MultiheadAttention.

Same input and weights for both (batch 32, length 64, d_model 256, 8 heads, float32,
self-attention, no mask), forward alone and forward + backward, in one process; prints the
median time of each and the ratio ours / built-in. On CUDA it also times the package's fast
path (F.scaled_dot_product_attention) and reports the teaching path's gap.

    python benchmarks/attention_mha.py [--device cuda] [--repeats 50] [--threads N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from torch import nn

from dlnotes.torch.attention import MultiHeadAttention

BATCH, LENGTH, D_MODEL, HEADS = 32, 64, 256, 8


def _sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def _timed(fns, device, repeats, warmup=5):
    """Median seconds of each function; the calls are interleaved (round robin) so that a
    change in machine load affects all of them alike."""
    for _ in range(warmup):
        for fn in fns:
            fn()
    times = [[] for _ in fns]
    for _ in range(repeats):
        for fn, ts in zip(fns, times, strict=True):
            _sync(device)
            start = time.perf_counter()
            fn()
            _sync(device)
            ts.append(time.perf_counter() - start)
    return [statistics.median(ts) for ts in times]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    torch.manual_seed(0)
    builtin = nn.MultiheadAttention(D_MODEL, HEADS, batch_first=True, device=device)
    ours = MultiHeadAttention(D_MODEL, HEADS, device=device).copy_from(builtin)
    x = torch.randn(BATCH, LENGTH, D_MODEL, device=device, requires_grad=True)

    def run_builtin():
        return builtin(x, x, x, need_weights=False)[0]

    paths = {"teaching": lambda: ours(x, fast=False)[0]}
    if device.type == "cuda":
        paths["fast"] = lambda: ours(x, fast=True)[0]
    with torch.no_grad():
        for name, path in paths.items():
            err = (path() - run_builtin()).abs().max().item()
            print(f"max |ours({name}) - built-in| = {err:.1e}")

    print(f"device {device}, torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"median of {args.repeats}")
    names = ["nn.MultiheadAttention", *(f"ours/{n}" for n in paths)]
    fns = [run_builtin, *paths.values()]
    for mode in ("forward", "forward+backward"):
        if mode == "forward":
            with torch.no_grad():
                t = _timed(fns, device, args.repeats)
        else:
            t = _timed([lambda f=f: f().sum().backward() for f in fns], device, args.repeats)
        cells = [f"{n} {s * 1e3:7.2f} ms" + (f" ({s / t[0]:.2f}x)" if k else "")
                 for k, (n, s) in enumerate(zip(names, t, strict=True))]
        print(f"{mode:>16}: " + ", ".join(cells))

if __name__ == "__main__":
    main()
