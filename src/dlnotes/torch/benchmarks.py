"""Small helpers of the Benchmarks page: interleaved median timing, the machine's description,
and reading and tabulating the committed results file (``benchmarks/results/*.json``).

The timing helper is what ``benchmarks/run.py`` uses; the page itself only reads the JSON
(a page never prints a live timing, which would change from run to run).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import torch

from dlnotes import checks

__all__ = ["describe_machine", "format_table", "load_results", "machine_info",
           "median_times", "ratio_rows"]

#: the results file committed with the repository (written by ``benchmarks/run.py``)


def median_times(fns: Sequence[Callable[[], object]], repeats: int = 20, warmup: int = 3,
                 device: torch.device | str = "cpu") -> list[float]:
    """Median seconds of each function in ``fns``.

    After ``warmup`` untimed calls of each, the functions are called in turn (round robin)
    ``repeats`` times, so that a change in the machine's load touches all of them alike. On
    CUDA the device is synchronised before and after each call (kernels run asynchronously).
    """
    checks.integer("repeats", repeats, 1)
    checks.integer("warmup", warmup, 0)
    if isinstance(fns, str) or not isinstance(fns, Sequence) or not fns \
            or not all(callable(fn) for fn in fns):
        raise TypeError("fns must be a non-empty sequence of functions without arguments")
    try:
        cuda = torch.device(device).type == "cuda"
    except (RuntimeError, TypeError) as err:  # torch's message names no argument
        raise ValueError(f"device must be a torch device, got {device!r}") from err
    for _ in range(warmup):
        for fn in fns:
            fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats):
        for fn, ts in zip(fns, times, strict=True):
            if cuda:
                torch.cuda.synchronize()
            start = time.perf_counter()
            fn()
            if cuda:
                torch.cuda.synchronize()
            ts.append(time.perf_counter() - start)
    return [statistics.median(ts) for ts in times]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info() -> dict:
    """CPU model, core and thread counts, load average, GPU name (None without CUDA) and the
    library versions, as recorded in a results file."""
    import numpy as np

    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg")
        else None,
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": torch.__version__.split("+")[0],
    }


def _check_data(data) -> None:
    """A results dict as :func:`load_results` returns it (else a KeyError deep inside)."""
    if not isinstance(data, dict) or not all(k in data for k in ("machine", "settings",
                                                                  "results")):
        raise ValueError("data must be a benchmark results dict (see load_results) with the "
                         "keys 'machine', 'settings' and 'results'")


def describe_machine(data: dict, lang: str = "en") -> str:
    """One line naming the machine, its threads and load and the GPU of a results file."""
    _check_data(data)
    checks.one_of("lang", lang, ("en", "zh"))
    m, st = data["machine"], data["settings"]
    load = m["load_average"][0] if m.get("load_average") else float("nan")
    if lang == "zh":
        gpu = m["gpu"] or "无（没有 GPU）"
        return (f"CPU：{m['cpu']}，{m['cores']} 核，计时用 {st['threads']} 个线程；"
                f"负载均值 {load:.1f}；GPU：{gpu}；Python {m['python']}，"
                f"NumPy {m['numpy']}，PyTorch {m['torch']}")
    gpu = m["gpu"] or "none"
    return (f"CPU: {m['cpu']}, {m['cores']} cores, timed with {st['threads']} thread; "
            f"load average {load:.1f}; GPU: {gpu}; Python {m['python']}, "
            f"NumPy {m['numpy']}, PyTorch {m['torch']}")


def load_results(path: str | Path) -> dict:
    """Read a results file written by ``benchmarks/run.py`` (checks the keys the page uses);
    the repository keeps its CPU results in ``benchmarks/results/cpu.json``."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a file path, got {type(path).__name__}")
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for key in ("machine", "settings", "results"):
        if key not in data:
            raise ValueError(f"path must be a benchmark results file; {key!r} is missing")
    return data


def ratio_rows(data: dict, device: str = "cpu") -> list[tuple[str, str, str, float, float]]:
    """``(case, pass, implementation, milliseconds, ratio to the built-in)`` for every timed
    implementation on ``device``, built-ins included (ratio 1)."""
    _check_data(data)
    checks.one_of("device", device, ("cpu", "cuda"))
    rows = []
    for r in data["results"]:
        if r["device"] != device:
            continue
        for impl, ms in r["times_ms"].items():
            rows.append((r["case"], r["pass"], impl, ms, r["ratios"][impl]))
    return rows


_HEAD = {"en": ("operation", "pass", "implementation", "time (ms)", "/ built-in"),
         "zh": ("运算", "阶段", "实现", "时间 (ms)", "/ 内置")}
_PASS = {"en": {"forward": "forward", "forward+backward": "fwd+bwd"},
         "zh": {"forward": "前向", "forward+backward": "前向+反向"}}


def format_table(data: dict, device: str = "cpu", lang: str = "en") -> str:
    """The results as a fixed-width text table (times to 3 significant digits, ratios to 2)."""
    if lang not in _HEAD:
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    rows = [(c, _PASS[lang].get(p, p), i, f"{ms:.3g}", f"{q:.2f}x")
            for c, p, i, ms, q in ratio_rows(data, device)]
    widths = [max(len(str(x)) for x in col) for col in zip(_HEAD["en"], *rows, strict=False)]
    widths = [max(w, len(h)) for w, h in zip(widths, _HEAD[lang], strict=True)]

    def line(cells):
        return "  ".join(str(c).ljust(w) if k < 3 else str(c).rjust(w)
                         for k, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(_HEAD[lang]), *(line(r) for r in rows)])
