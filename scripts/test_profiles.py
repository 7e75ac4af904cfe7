"""Run what can differ between machines under numerical profiles unlike this one.

    python scripts/test_profiles.py            # every profile, in parallel; exit 1 on a failure
    python scripts/test_profiles.py generic    # one profile

What a page prints and what a test compares must not depend on the CPU, its SIMD paths, the
BLAS kernels or the thread count (CONTRIBUTING, "Outputs and tolerances"). ``make test`` runs,
after the main session, the doc examples and docstrings once more under each profile below,
each profile in its own pytest process, the two side by side:

* ``generic``: torch's generic kernels (``ATEN_CPU_CAPABILITY=default``), NumPy without its
  SIMD paths above the x86-64-v2 baseline, MKL and oneDNN limited to SSE4, one thread: roughly
  an older laptop. It also redraws every figure from its data.
* ``threads``: this machine's kernels with one thread more than it has cores, so that every
  threaded reduction is split differently. It also runs the chapters' fast unit tests (not
  their property and bad-input cases, marked ``api``: those run on one thread anyway).

The English pages stand for both languages (the site test keeps the code and outputs of the
twins equal), and the English figures for theirs (same data, other labels), which keeps the
tier within about two minutes on two cores. OpenBLAS's own kernel choice
(``OPENBLAS_CORETYPE``) is deliberately left alone: some machines set it because older
OpenBLAS builds compute wrong results on their CPUs.
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


def _pages() -> list[str]:
    """Every English page: the doc examples of both languages are the same code."""
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md")
                  if not p.name.endswith(".zh.md"))


def _chapter_tests() -> list[str]:
    """tests/test_<module>.py and tests/test_<module>_<aspect>.py of every chapter (the
    chapters have a glossary file each)."""
    chapters = {p.stem.replace("-", "_") for p in (ROOT / "glossary").glob("*.yml")}
    chapters.discard("benchmarks")  # timings, not numbers
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").glob("test_*.py")
                  if any(p.stem == f"test_{c}" or p.stem.startswith(f"test_{c}_")
                         for c in chapters))


#: name -> (environment, what to run, more pytest arguments)
PROFILES: dict[str, tuple[dict[str, str], list[str], list[str]]] = {
    "generic": ({
        "ATEN_CPU_CAPABILITY": "default",
        "NPY_DISABLE_CPU_FEATURES": "X86_V3 X86_V4 AVX512_ICL AVX512_SPR",
        "MKL_ENABLE_INSTRUCTIONS": "SSE4_2",
        "ONEDNN_MAX_CPU_ISA": "SSE41",
        **_threads(1),
    }, [*_pages(), "src", "tests/test_figures.py"], ["-k", "not zh-snippets"]),
    "threads": (_threads((os.cpu_count() or 1) + 1), [*_pages(), "src", *_chapter_tests()], []),
}


def start(name: str) -> subprocess.Popen:
    env, targets, more = PROFILES[name]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "-m", "not slow and not browser and not api", *more, *targets]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


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
        settings = " ".join(f"{k}={v}" for k, v in PROFILES[name][0].items())
        print(f"profile {name} ({settings}): "
              f"{summary}", flush=True)
        if process.returncode != 0:
            failed.append(name)
            print(output[-20000:])
    print(f"numerical profiles: {time.perf_counter() - began:.0f} s, "
          f"{'failed: ' + ', '.join(failed) if failed else 'all passed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
