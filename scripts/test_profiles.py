"""Run what a page can print differently on another machine, under a numerical profile unlike
this one's.

    python scripts/test_profiles.py            # exit 1 on a failure

What a page prints must not depend on the CPU, its SIMD paths, the BLAS kernels or the thread
count (CONTRIBUTING, "Outputs and tolerances"). ``make test`` runs, beside the main session,
the doc examples, the docstrings and the figure data once more in a pytest process of their own
under the ``other-machine`` profile: torch's generic kernels (``ATEN_CPU_CAPABILITY=default``),
NumPy without its SIMD paths above the x86-64-v2 baseline, MKL and oneDNN limited to SSE4 (an
older laptop's instruction set), and one thread more than each group of the main session gets
(scripts/run_tests.py), so that every threaded reduction is split differently too.

The English pages stand for both languages (the site test keeps the code and outputs of the
twins equal), and the English figures for theirs (same data, other labels); under
``make test`` the English figures are compared with their committed SVGs here only, and the
Chinese ones in the main session (scripts/run_tests.py, ``PROFILE_CHECKS``). The chapters'
unit tests compare with stated tolerances and are left to the main session. OpenBLAS's own
kernel choice (``OPENBLAS_CORETYPE``) is deliberately left alone: some machines set it because
older OpenBLAS builds compute wrong results on their CPUs.
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


#: threads of each group of the main session (scripts/run_tests.py gives each group its share)
MAIN_THREADS = max(1, (os.cpu_count() or 1) // 2)

#: name -> (environment, what to run, more pytest arguments)
PROFILES: dict[str, tuple[dict[str, str], list[str], list[str]]] = {
    "other-machine": ({
        "ATEN_CPU_CAPABILITY": "default",
        "NPY_DISABLE_CPU_FEATURES": "X86_V3 X86_V4 AVX512_ICL AVX512_SPR",
        "MKL_ENABLE_INSTRUCTIONS": "SSE4_2",
        "ONEDNN_MAX_CPU_ISA": "SSE41",
        **_threads(MAIN_THREADS + 1),
        # waiting threads sleep instead of spinning: the profile shares the cores with the
        # main session, and spinning threads would take turns from each other (no effect on
        # what is computed)
        "OMP_WAIT_POLICY": "PASSIVE",
    }, [*_pages(), "src", "tests/test_figures.py"], ["-k", "not zh-snippets"]),
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
