"""Run what can differ between machines under numerical profiles unlike this one.

    python scripts/test_profiles.py            # every profile, in parallel; exit 1 on a failure
    python scripts/test_profiles.py generic    # one profile

What a page prints and what a test compares must not depend on the CPU, its SIMD paths, the
BLAS kernels or the thread count (CONTRIBUTING, "Outputs and tolerances"). ``make test`` runs
the doc examples of every page, the docstring examples, the figure data and the chapters' fast
unit tests once more under each profile below, each in its own pytest process:

* ``generic``: torch's generic kernels (``ATEN_CPU_CAPABILITY=default``), NumPy without its
  SIMD paths above the x86-64-v2 baseline, MKL and oneDNN limited to SSE4, one thread: roughly
  an older laptop.
* ``threads``: this machine's kernels with one thread more than it has cores, so that every
  threaded reduction is split differently.

OpenBLAS's own kernel choice (``OPENBLAS_CORETYPE``) is deliberately left alone: some machines
set it because older OpenBLAS builds compute wrong results on their CPUs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_THREADS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def _threads(n: int) -> dict[str, str]:
    return dict.fromkeys(_THREADS, str(n))


PROFILES: dict[str, dict[str, str]] = {
    "generic": {
        "ATEN_CPU_CAPABILITY": "default",
        "NPY_DISABLE_CPU_FEATURES": "X86_V3 X86_V4 AVX512_ICL AVX512_SPR",
        "MKL_ENABLE_INSTRUCTIONS": "SSE4_2",
        "ONEDNN_MAX_CPU_ISA": "SSE41",
        **_threads(1),
    },
    "threads": _threads((os.cpu_count() or 1) + 1),
}


def selection() -> list[str]:
    """The doc examples, the docstrings, the figure data and the chapters' unit tests."""
    chapters = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").glob("test_*.py")
                      if (ROOT / "glossary" / f"{p.stem[5:].replace('_', '-')}.yml").exists())
    return ["docs", "src", "tests/test_figures.py", *chapters]


def start(name: str) -> subprocess.Popen:
    env = {**os.environ, **PROFILES[name]}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "-m", "not slow and not browser", *selection()]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in PROFILES]
    if unknown:
        raise SystemExit(f"unknown profile {unknown}; profiles: {list(PROFILES)}")
    began = time.perf_counter()
    running = {name: start(name) for name in names or PROFILES}
    failed = []
    for name, process in running.items():
        output, _ = process.communicate()
        summary = output.strip().splitlines()[-1] if output.strip() else "(no output)"
        print(f"profile {name} ({' '.join(f'{k}={v}' for k, v in PROFILES[name].items())}): "
              f"{summary}", flush=True)
        if process.returncode != 0:
            failed.append(name)
            print(output[-20000:])
    print(f"numerical profiles: {time.perf_counter() - began:.0f} s, "
          f"{'failed: ' + ', '.join(failed) if failed else 'all passed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
