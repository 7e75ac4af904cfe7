"""Benchmark suite: the package's from-scratch code against the built-ins, one command.

    python benchmarks/run.py                      # full run, writes benchmarks/results/cpu.json
    python benchmarks/run.py --quick              # fewer repeats (about a minute on 2 cores)
    python benchmarks/run.py --out results.json --device cuda
    python benchmarks/run.py --case conv2d --case "conv2d (small)"   # re-time some cases

Operations: convolution (NumPy loops on a small case, NumPy im2col, torch unfold + matmul,
F.conv2d), max pooling (NumPy loops, NumPy windows, torch unfold, F.max_pool2d), batch norm,
an LSTM over a sequence, multi-head attention, a Transformer encoder block and non-maximum
suppression of 2,000 boxes. Each operation is timed forward alone and forward + backward (NMS:
forward only; its built-in, torchvision.ops.nms, is timed where torchvision imports beside
this torch, otherwise its ratios are against the NumPy version).

Method: everything runs in this one process with ONE thread (BLAS and torch thread counts
are set before NumPy or torch is imported), so NumPy's BLAS threads and torch's OpenMP threads
never compete and a busy machine disturbs the numbers less. For each operation the
implementations are called in turn (round robin) after warm-up calls and the median of the
repeats is kept. Ratios are time / the built-in's time (lower is better). On CUDA the torch
implementations are timed again on the GPU (synchronising around each call). The results file
records the machine (CPU model, threads, load average, GPU name or null, library versions).
With ``--case``, only the named cases are timed and their rows replace the same cases' rows
of the existing results file; the machine's record gains a ``rerun`` entry (cases, load).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

from dlnotes.numpy import attention_multi_head as np_mha  # noqa: E402
from dlnotes.numpy import batch_norm as np_bn  # noqa: E402
from dlnotes.numpy import convolutions as np_conv  # noqa: E402
from dlnotes.numpy import gru_lstm as np_rnn  # noqa: E402
from dlnotes.numpy import object_detection as np_od  # noqa: E402
from dlnotes.numpy import transformer as np_tf  # noqa: E402
from dlnotes.torch import attention as t_att  # noqa: E402
from dlnotes.torch import batch_norm as t_bn  # noqa: E402
from dlnotes.torch import convolutions as t_conv  # noqa: E402
from dlnotes.torch import gru_lstm as t_rnn  # noqa: E402
from dlnotes.torch import object_detection as t_od  # noqa: E402
from dlnotes.torch import transformer as t_tf  # noqa: E402
from dlnotes.torch.benchmarks import machine_info, median_times  # noqa: E402

FWD, BOTH = "forward", "forward+backward"


def _grad_fn(fn, *leaves):
    """forward + backward of a torch function whose inputs ``leaves`` require grad."""
    def run():
        for t in leaves:
            t.grad = None
        fn().sum().backward()
    return run


def _no_grad(fn):
    def run():
        with torch.no_grad():
            return fn()
    return run


# Each case returns {"builtin": name, "impls": {name: {pass: fn}}, "shape": text}, or None
# when it has nothing to compare with on a device (NMS on CUDA without torchvision).
# NumPy implementations run on the CPU only.

def case_conv(device, small=False):
    n, c_in, c_out, h, f, pad = (2, 4, 8, 12, 3, 1) if small else (8, 16, 32, 32, 3, 1)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, h, h, c_in), dtype=np.float32)
    w = (rng.standard_normal((f, f, c_in, c_out)) * 0.1).astype(np.float32)
    b = np.zeros(c_out, dtype=np.float32)
    dz = rng.standard_normal((n, h, h, c_out), dtype=np.float32)
    xt = torch.from_numpy(x.transpose(0, 3, 1, 2).copy()).to(device).requires_grad_()
    wt = torch.from_numpy(w.transpose(3, 2, 0, 1).copy()).to(device).requires_grad_()
    bt = torch.from_numpy(b).to(device).requires_grad_()
    impls = {}
    if device.type == "cpu":
        if small:
            impls["NumPy loops"] = {
                FWD: lambda: np_conv.conv_forward_loop(x, w, b, 1, pad),
                BOTH: lambda: (np_conv.conv_forward_loop(x, w, b, 1, pad),
                               np_conv.conv_backward_loop(dz, x, w, 1, pad))}
        def np_both():  # the backward pass reuses the forward's window matrix
            _, cols = np_conv.conv_forward(x, w, b, 1, pad, return_cols=True)
            return np_conv.conv_backward(dz, x, w, 1, pad, cols=cols)
        impls["NumPy im2col"] = {FWD: lambda: np_conv.conv_forward(x, w, b, 1, pad),
                                 BOTH: np_both}

    def ours():
        return t_conv.conv2d(xt, wt, bt, 1, pad)

    def builtin():
        return F.conv2d(xt, wt, bt, stride=1, padding=pad)
    impls["torch unfold"] = {FWD: ours, BOTH: _grad_fn(ours, xt, wt, bt)}
    impls["F.conv2d"] = {FWD: builtin, BOTH: _grad_fn(builtin, xt, wt, bt)}
    return {"builtin": "F.conv2d", "impls": impls,
            "shape": f"N={n}, {c_in}->{c_out} channels, {h}x{h}, {f}x{f}, pad {pad}, float32"}


def case_pool(device):
    n, c, h, f = 8, 32, 32, 2
    rng = np.random.default_rng(1)
    x = rng.standard_normal((n, h, h, c), dtype=np.float32)
    da = rng.standard_normal((n, h // f, h // f, c), dtype=np.float32)
    xt = torch.from_numpy(x.transpose(0, 3, 1, 2).copy()).to(device).requires_grad_()
    impls = {}
    if device.type == "cpu":
        impls["NumPy loops"] = {
            FWD: lambda: np_conv.pool_forward_loop(x, f),
            BOTH: lambda: (np_conv.pool_forward_loop(x, f),
                           np_conv.pool_backward_loop(da, x, f))}
        impls["NumPy windows"] = {
            FWD: lambda: np_conv.pool_forward(x, f),
            BOTH: lambda: (np_conv.pool_forward(x, f), np_conv.pool_backward(da, x, f))}

    def ours():
        return t_conv.pool2d(xt, f)

    def builtin():
        return F.max_pool2d(xt, f)
    impls["torch unfold"] = {FWD: ours, BOTH: _grad_fn(ours, xt)}
    impls["F.max_pool2d"] = {FWD: builtin, BOTH: _grad_fn(builtin, xt)}
    return {"builtin": "F.max_pool2d", "impls": impls,
            "shape": f"N={n}, {c} channels, {h}x{h}, {f}x{f} windows, stride {f}, float32"}


def case_batch_norm(device):
    n, c, h = 16, 32, 16
    rng = np.random.default_rng(2)
    x = rng.standard_normal((n, h, h, c), dtype=np.float32)
    g, bta = np.ones(c, dtype=np.float32), np.zeros(c, dtype=np.float32)
    dx = rng.standard_normal(x.shape, dtype=np.float32)
    xt = torch.from_numpy(x.transpose(0, 3, 1, 2).copy()).to(device).requires_grad_()
    builtin = nn.BatchNorm2d(c, device=device)
    ours_mod = t_bn.BatchNorm(c).to(device)
    impls = {}
    if device.type == "cpu":
        def np_both():
            out, cache = np_bn.conv_batchnorm_forward(x, g, bta)
            return np_bn.conv_batchnorm_backward(dx, cache)
        impls["NumPy"] = {FWD: lambda: np_bn.conv_batchnorm_forward(x, g, bta), BOTH: np_both}

    def ours():
        return ours_mod(xt)

    def bi():
        return builtin(xt)
    impls["torch from scratch"] = {FWD: ours, BOTH: _grad_fn(ours, xt)}
    impls["nn.BatchNorm2d"] = {FWD: bi, BOTH: _grad_fn(bi, xt)}
    return {"builtin": "nn.BatchNorm2d", "impls": impls,
            "shape": f"training mode, N={n}, {c} channels, {h}x{h}, float32"}


def case_lstm(device):
    n, t, n_x, n_a = 16, 32, 32, 64
    rng = np.random.default_rng(3)
    params = np_rnn.init_params("lstm", n_x, n_a, seed=0)
    x = rng.standard_normal((n_x, n, t))
    a0 = np.zeros((n_a, n))
    da = rng.standard_normal((n_a, n, t))
    torch.manual_seed(0)
    builtin = nn.LSTM(n_x, n_a, batch_first=True, device=device)
    ours_mod = t_rnn.LSTM(n_x, n_a).to(device)
    ours_mod.load_state_dict(builtin.state_dict())
    xt = torch.randn(n, t, n_x, device=device, requires_grad=True)
    impls = {}
    if device.type == "cpu":
        def np_both():
            _, _, caches = np_rnn.lstm_forward(x, a0, params)
            return np_rnn.lstm_backward(da, caches)
        impls["NumPy (float64)"] = {FWD: lambda: np_rnn.lstm_forward(x, a0, params),
                                    BOTH: np_both}

    def ours():
        return ours_mod(xt)[0]

    def bi():
        return builtin(xt)[0]
    impls["torch loop over t"] = {FWD: ours, BOTH: _grad_fn(ours, xt)}
    impls["nn.LSTM"] = {FWD: bi, BOTH: _grad_fn(bi, xt)}
    return {"builtin": "nn.LSTM", "impls": impls,
            "shape": f"N={n}, T={t}, input {n_x}, hidden {n_a}, one layer, float32 (torch)"}


def case_mha(device):
    b, n, d, heads = 8, 64, 128, 8
    torch.manual_seed(0)
    builtin = nn.MultiheadAttention(d, heads, batch_first=True, device=device)
    ours_mod = t_att.MultiHeadAttention(d, heads, device=device).copy_from(builtin)
    xt = torch.randn(b, n, d, device=device, requires_grad=True)
    impls = {}
    if device.type == "cpu":
        params = {k.replace("w_", "W_"): getattr(ours_mod, k).detach().double().numpy()
                  for k in ("w_q", "w_k", "w_v", "w_o", "b_q", "b_k", "b_v", "b_o")}
        xn = xt.detach().double().numpy()
        try:
            np_mha.multi_head_attention(xn, xn, xn, params, heads)
            impls["NumPy (float64, forward)"] = {
                FWD: lambda: np_mha.multi_head_attention(xn, xn, xn, params, heads)}
        except (KeyError, TypeError, ValueError):
            pass

    def ours():
        return ours_mod(xt, fast=False)[0]

    def bi():
        return builtin(xt, xt, xt, need_weights=False)[0]
    impls["torch, explicit scores"] = {FWD: ours, BOTH: _grad_fn(ours, xt)}
    if device.type == "cuda":
        def fast():
            return ours_mod(xt, fast=True)[0]
        impls["torch, SDPA"] = {FWD: fast, BOTH: _grad_fn(fast, xt)}
    impls["nn.MultiheadAttention"] = {FWD: bi, BOTH: _grad_fn(bi, xt)}
    return {"builtin": "nn.MultiheadAttention", "impls": impls,
            "shape": f"self-attention, batch {b}, length {n}, d_model {d}, {heads} heads, "
                     "float32"}


def case_encoder(device):
    b, n, d, heads, d_ff = 8, 64, 128, 8, 512
    torch.manual_seed(0)
    builtin = nn.TransformerEncoderLayer(d, heads, d_ff, dropout=0.0, batch_first=True,
                                         device=device).eval()
    ours_mod = t_tf.EncoderBlock(d, heads, d_ff, device=device).copy_from(builtin).eval()
    xt = torch.randn(b, n, d, device=device, requires_grad=True)
    impls = {}
    if device.type == "cpu":
        params = ours_mod.numpy_params()
        xn = xt.detach().double().numpy()
        impls["NumPy (float64, forward)"] = {
            FWD: lambda: np_tf.encoder_block(xn, params, heads)}

    def ours():
        return ours_mod(xt)

    def bi():
        return builtin(xt)
    impls["torch from scratch"] = {FWD: ours, BOTH: _grad_fn(ours, xt)}
    impls["nn.TransformerEncoderLayer"] = {FWD: bi, BOTH: _grad_fn(bi, xt)}
    return {"builtin": "nn.TransformerEncoderLayer", "impls": impls,
            "shape": f"post-norm, batch {b}, length {n}, d_model {d}, {heads} heads, "
                     f"d_ff {d_ff}, float32"}


def case_nms(device):
    """Forward only. The built-in is torchvision.ops.nms where torchvision imports beside
    this torch; otherwise the ratios are taken against the NumPy version."""
    n = 2000
    g = torch.Generator().manual_seed(0)
    xy = torch.rand(n, 2, generator=g) * 500
    wh = torch.rand(n, 2, generator=g) * 60 + 10
    boxes = torch.cat((xy, xy + wh), dim=1).to(device)  # corners (x1, y1, x2, y2)
    scores = torch.rand(n, generator=g).to(device)
    impls = {}
    if device.type == "cpu":
        bn, sn = boxes.double().numpy(), scores.double().numpy()
        impls["NumPy"] = {FWD: lambda: np_od.nms(bn, sn, 0.5, convention="torchvision")}
    impls["torch from scratch"] = {
        FWD: lambda: t_od.nms(boxes, scores, 0.5, convention="torchvision")}
    try:
        from torchvision.ops import nms as tv_nms
    except (ImportError, RuntimeError):  # absent, or built for another torch
        builtin = "NumPy" if device.type == "cpu" else None
    else:
        builtin = "torchvision nms"
        impls[builtin] = {FWD: lambda: tv_nms(boxes, scores, 0.5)}
    if builtin is None:
        return None
    return {"builtin": builtin, "impls": impls,
            "shape": f"{n} random boxes, IoU threshold 0.5 (IoU > 0.5 removes a box)"}


CASES = {
    "conv2d (small)": lambda d: case_conv(d, small=True),
    "conv2d": case_conv,
    "max pool": case_pool,
    "batch norm": case_batch_norm,
    "LSTM": case_lstm,
    "multi-head attention": case_mha,
    "encoder block": case_encoder,
    "NMS": case_nms,
}


def run(device: torch.device, repeats: int, warmup: int, slow_repeats: int,
        only=None) -> list[dict]:
    out = []
    for name, make in CASES.items():
        if only and name not in only:
            continue
        case = make(device)
        if case is None:
            print(f"[{device.type}] {name}: skipped (nothing to compare with)", flush=True)
            continue
        for p in (FWD, BOTH):
            impls = {k: v[p] for k, v in case["impls"].items() if p in v}
            if p == FWD:  # forward alone records no autograd graph
                impls = {k: _no_grad(f) for k, f in impls.items()}
            if len(impls) < 2:
                continue
            reps = slow_repeats if any("loops" in k for k in impls) else repeats
            secs = median_times(list(impls.values()), reps, warmup, device)
            ms = {k: round(s * 1e3, 4) for k, s in zip(impls, secs, strict=True)}
            base = ms[case["builtin"]]
            ratios = {k: round(v / base, 3) for k, v in ms.items()}
            out.append({"case": name, "pass": p, "device": device.type,
                        "shape": case["shape"], "builtin": case["builtin"],
                        "repeats": reps, "times_ms": ms, "ratios": ratios})
            cells = ", ".join(f"{k} {v:.3g} ms ({ratios[k]:.2f}x)" for k, v in ms.items())
            print(f"[{device.type}] {name} {p}: {cells}", flush=True)
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "cpu.json"))
    parser.add_argument("--device", choices=("cpu", "cuda", "all"), default="all",
                        help="'all': the CPU, and CUDA when present")
    parser.add_argument("--case", action="append", choices=list(CASES),
                        help="time only this case (repeatable) and update its rows in --out")
    args = parser.parse_args(argv)
    if args.case and not Path(args.out).is_file():
        parser.error(f"--case updates an existing results file; {args.out} does not exist")
    torch.set_num_threads(1)
    repeats, warmup, slow = (7, 2, 3) if args.quick else (41, 3, 5)
    devices = []
    if args.device in ("cpu", "all"):
        devices.append(torch.device("cpu"))
    if args.device == "cuda" or (args.device == "all" and torch.cuda.is_available()):
        if not torch.cuda.is_available():
            parser.error("--device cuda: no CUDA device here")
        devices.append(torch.device("cuda"))
    load_before = [round(x, 2) for x in os.getloadavg()]
    results = []
    for device in devices:
        results += run(device, repeats, warmup, slow, args.case)
    machine = machine_info()
    machine["load_average_before"] = load_before
    data = {"machine": machine,
            "settings": {"threads": 1, "repeats": repeats, "warmup": warmup,
                         "loop_repeats": slow, "quick": args.quick,
                         "statistic": "median, implementations interleaved"},
            "results": results}
    if args.case:  # keep the other cases' rows and the machine record of the full run
        data = json.loads(Path(args.out).read_text(encoding="utf-8"))
        new = {(r["case"], r["pass"], r["device"]): r for r in results}
        data["results"] = [new.pop((r["case"], r["pass"], r["device"]), r)
                           for r in data["results"]] + list(new.values())
        data["machine"]["rerun"] = {"cases": args.case, "load_average_before": load_before,
                                    "load_average": machine["load_average"]}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                              encoding="utf-8")
    print(f"load average {machine['load_average']}; wrote {args.out}")


if __name__ == "__main__":
    main()
