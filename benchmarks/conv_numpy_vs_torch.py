"""Time the chapter "Convolutions and pooling"'s NumPy convolution against torch's CPU conv2d.

    python benchmarks/conv_numpy_vs_torch.py              # all implementations, then the ratios
    python benchmarks/conv_numpy_vs_torch.py --runs 50    # more runs per median
    python benchmarks/conv_numpy_vs_torch.py --no-loops   # im2col and torch only (~20 s)

The problem: N=32 images, 16 -> 32 channels, 32x32 pixels, 3x3 filters, padding 1, stride 1,
float32. Each implementation runs in its own process with 2 threads (OpenBLAS/OpenMP/MKL
thread counts set before NumPy or torch is imported) so that NumPy's BLAS threads and torch's
OpenMP threads never compete. torch is timed twice: as it comes (oneDNN kernels) and with
oneDNN switched off (torch's own im2col + GEMM); the ratios use the faster of the two.
After warm-up runs, the median of many runs is taken. The
NumPy and torch processes alternate for several rounds and each keeps its best (smallest)
round median, so that a burst of load from other programs does not decide the ratio.
NumPy works in NHWC, torch in NCHW (each library's own layout, as in the chapter).

Three passes are timed: the forward pass alone, the backward pass alone (the input, weight
and bias gradients from a given output gradient), and a forward pass followed by its
backward pass, as one training step of the layer runs them (NumPy: ``conv_forward`` keeping
its window matrix, then ``conv_backward`` given that matrix; torch: ``F.conv2d`` on tensors
that require gradients, then autograd's ``backward``). The backward pass alone builds the
window matrix itself. The loops are timed forward and backward only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

THREADS = 2
N, C_IN, C_OUT, H, F, PAD = 32, 16, 32, 32, 3, 1
IMPLS = ("numpy", "torch", "torch-no-onednn", "loop")
PASSES = ("forward", "backward", "forward+backward")


def _measure(impl: str, runs: int, warmup: int) -> dict[str, float | str]:
    import time

    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, H, H, C_IN), dtype=np.float32)          # NHWC
    w = rng.standard_normal((F, F, C_IN, C_OUT), dtype=np.float32) * 0.1
    b = rng.standard_normal(C_OUT, dtype=np.float32)
    dz = rng.standard_normal((N, H, H, C_OUT), dtype=np.float32)

    if impl.startswith("torch"):
        import torch

        torch.set_num_threads(THREADS)
        # torch's default CPU convolution calls oneDNN; without it, torch runs its own
        # im2col + GEMM ("slow_conv2d"), which is the faster of the two on some CPUs
        torch.backends.mkldnn.enabled = impl == "torch"
        xt = torch.from_numpy(x.transpose(0, 3, 1, 2).copy())            # NCHW
        wt = torch.from_numpy(w.transpose(3, 2, 0, 1).copy())            # (C_out, C_in, f, f)
        bt = torch.from_numpy(b)
        dzt = torch.from_numpy(dz.transpose(0, 3, 1, 2).copy())
        leaves = [t.detach().clone().requires_grad_() for t in (xt, wt, bt)]

        def forward():
            with torch.no_grad():
                torch.nn.functional.conv2d(xt, wt, bt, stride=1, padding=PAD)

        def backward():  # dX, dW, db from the output gradient, as conv_backward computes
            torch.ops.aten.convolution_backward(
                dzt, xt, wt, [C_OUT], [1, 1], [PAD, PAD], [1, 1], False, [0, 0], 1,
                [True, True, True])

        def both():  # a training step: forward with autograd's record, then backward
            for t in leaves:
                t.grad = None
            torch.nn.functional.conv2d(*leaves, stride=1, padding=PAD).backward(dzt)
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
        from dlnotes.numpy import convolutions as conv

        fwd, bwd = ((conv.conv_forward, conv.conv_backward) if impl == "numpy"
                    else (conv.conv_forward_loop, conv.conv_backward_loop))

        def forward():
            fwd(x, w, b, stride=1, pad=PAD)

        def backward():
            bwd(dz, x, w, stride=1, pad=PAD)

        def both():  # a training step keeps the forward's window matrix for the backward
            _, cols = conv.conv_forward(x, w, b, stride=1, pad=PAD, return_cols=True)
            conv.conv_backward(dz, x, w, stride=1, pad=PAD, cols=cols)

    result = {} if impl.startswith("torch") else {"blas": _blas()}
    passes = {"forward": forward, "backward": backward, "forward+backward": both}
    for name, fn in passes.items():
        if impl == "loop" and name == "forward+backward":
            continue  # forward + backward of the loops: their sum, seconds either way
        for _ in range(warmup):
            fn()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        result[name] = float(np.median(times))
    return result


def _blas() -> str:
    """The BLAS library NumPy loaded and the kernels it chose for this CPU (OpenBLAS picks them
    from the CPU's family; on a CPU it does not know it falls back to older, narrower ones)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl is not installed)"
    found = [f"{lib['internal_api']} {lib['version']}, {lib.get('architecture', '?')} kernels"
             for lib in threadpool_info() if lib["user_api"] == "blas"]
    return "; ".join(found) or "none found"


def _child(impl: str, runs: int, warmup: int) -> dict[str, float | str]:
    env = {**os.environ, **{v: str(THREADS) for v in (
        "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}}
    out = subprocess.run(
        [sys.executable, __file__, "--child", impl, "--runs", str(runs), "--warmup", str(warmup)],
        env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs per median")
    parser.add_argument("--loop-runs", type=int, default=3, help="timed runs of the loop")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3, help="alternating processes per impl")
    parser.add_argument("--no-loops", action="store_true", help="skip the loops (minutes)")
    parser.add_argument("--child", choices=IMPLS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(args.child, args.runs, args.warmup)))
        return
    rounds = {"torch": [], "torch-no-onednn": [], "numpy": []}
    for _ in range(args.rounds):
        for impl in rounds:
            rounds[impl].append(_child(impl, args.runs, args.warmup))
    blas = rounds["numpy"][0]["blas"]
    times = {impl: {p: min(r[p] for r in rs) for p in PASSES} for impl, rs in rounds.items()}
    if not args.no_loops:
        times["loop"] = _child("loop", args.loop_runs, 1)
        times["loop"]["forward+backward"] = times["loop"]["forward"] + times["loop"]["backward"]
    from dlnotes.torch.benchmarks import machine_info  # the parent only: it imports torch

    print(f"machine: {machine_info()['cpu']}, {os.cpu_count()} cores, {THREADS} threads per "
          f"implementation; Python {platform.python_version()}; NumPy's BLAS: {blas}")
    if hasattr(os, "getloadavg"):
        print(f"load average during the run: {os.getloadavg()[0]:.1f} (other processes "
              "competing for the cores make every number larger)")
    print(f"{args.runs} timed runs after {args.warmup} warm-up runs per process, best of "
          f"{args.rounds} rounds (loops: {args.loop_runs} runs)")
    print(f"problem: N={N}, {C_IN}->{C_OUT} channels, {H}x{H}, {F}x{F}, padding {PAD}, float32")
    print(f"{'pass':<16} {'torch':>10} {'torch, no oneDNN':>17} {'NumPy im2col':>13} "
          f"{'NumPy loops':>12} {'im2col/torch':>13} {'loops/torch':>12}")
    for p in PASSES:
        t1, t2 = times["torch"][p], times["torch-no-onednn"][p]
        t, n = min(t1, t2), times["numpy"][p]
        lo = times.get("loop", {}).get(p)
        loops = ("-", "-") if lo is None else (f"{lo:.2f} s", f"{lo / t:.0f}x")
        print(f"{p:<16} {t1 * 1e3:>7.2f} ms {t2 * 1e3:>14.2f} ms {n * 1e3:>10.2f} ms "
              f"{loops[0]:>12} {n / t:>12.2f}x {loops[1]:>12}")
    print("ratios: time / the faster torch time (lower is better); loops forward+backward: "
          "the sum of the two passes")


if __name__ == "__main__":
    main()
