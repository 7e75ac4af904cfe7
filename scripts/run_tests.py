"""Run the whole test suite as side-by-side pytest processes; exit 1 if any of them fails.

    python scripts/run_tests.py --profiles     # make test: both groups and the profile tier
    python scripts/run_tests.py -m "not slow"  # make test-fast: more pytest arguments pass on

Most of the suite runs on one core (a doc example, a unit test, a page view at a time), so on
a machine with two or more cores two groups run at once, each a pytest session of its own:

* ``site``: the doc examples of every page (both languages) and the tests of the built site
  that read what those examples printed (coverage, outputs, twins), the browser tests and the
  notebooks. They share one session because the site test compares the built pages with the
  examples that ran in it.
* ``code``: the package's docstrings, the chapters' unit tests, figures, diagrams, snippets
  and the other checks of the sources (but for the few chapter test files in ``BALANCE``,
  which even out the two groups' times).

Each group gets its share of the cores for its thread pools (``OMP_NUM_THREADS`` and the BLAS
counts; one each on two cores): torch and the BLAS otherwise start a thread per core in both
groups, and on two cores the four threads spin-wait on each other, which made a training test
take 200 s instead of 25. The profile tier checks that outputs do not depend on running
one thread.

With ``--profiles`` the numerical profile tier (scripts/test_profiles.py) starts as soon as
the first group ends, on the core it leaves idle. Each group's output goes to
``build/test-logs/<group>.log`` while it runs (``tail -f`` to watch) and is printed whole,
with its slowest tests, when all have ended.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "build" / "test-logs"

SITE_TESTS = ["test_site.py", "test_site_pages.py", "test_site_budgets.py",
              "test_reproducible.py", "test_code_html.py", "test_chapter_notebooks.py",
              "test_notebooks.py", "test_browser.py", "test_browser_layout.py",
              "test_moved_anchors.py"]
#: chapter tests that train models for a minute or so, run in the site group so that the two
#: groups end at about the same time (the code group is otherwise about two minutes longer)
BALANCE = ["test_transformer.py", "test_rnn.py"]


#: with the profile tier, the English figures are checked there (under the other numerics)
#: and not again in the code group, which checks the Chinese ones: the same data with other
#: labels, so each figure's data is computed under both numerics and every committed SVG is
#: compared once (about 50 s less)
PROFILE_CHECKS = ["-k", "not en-snippets"]


def groups(profiles: bool = False) -> dict[str, list[str]]:
    site = [f"tests/{name}" for name in SITE_TESTS + BALANCE]
    code = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").glob("test_*.py")
                  if p.name not in SITE_TESTS + BALANCE)
    return {"site": ["docs", *site],
            "code": [*(PROFILE_CHECKS if profiles else []), "src", *code]}


def _counts(log: str) -> dict[str, int]:
    """pytest's closing line, e.g. '3 failed, 2540 passed, 1 skipped in 400s', as counts."""
    lines = [ln for ln in log.splitlines() if re.search(r"\b(passed|failed|error)", ln)
             and " in " in ln]
    found = re.findall(r"(\d+) (passed|failed|errors?|skipped)", lines[-1] if lines else "")
    return {kind.rstrip("s") if kind.startswith("error") else kind: int(n) for n, kind in found}


def main(args: list[str]) -> int:
    profiles = "--profiles" in args
    pytest_args = [a for a in args if a != "--profiles"]
    LOGS.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    running = {}
    share = str(max(1, (os.cpu_count() or 1) // len(groups())))
    env = os.environ | dict.fromkeys(("OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                      "OPENBLAS_NUM_THREADS"), share)
    for name, paths in groups(profiles).items():
        log = (LOGS / f"{name}.log").open("w", encoding="utf-8")
        command = [sys.executable, "-m", "pytest", "--durations=10", *pytest_args, *paths]
        running[name] = (subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                          stderr=subprocess.STDOUT), log)
        print(f"[{name}] pytest {' '.join(paths[:3])} ... -> {LOGS.relative_to(ROOT)}/{name}.log",
              flush=True)
    profile_tier = None
    while profiles and profile_tier is None:
        if any(process.poll() is not None for process, _ in running.values()):
            profile_log = (LOGS / "profiles.log").open("w", encoding="utf-8")
            profile_tier = subprocess.Popen([sys.executable, "scripts/test_profiles.py"],
                                            cwd=ROOT, stdout=profile_log,
                                            stderr=subprocess.STDOUT)
        else:
            time.sleep(1)
    failed, totals = [], {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    for name, (process, log) in running.items():
        process.wait()
        log.close()
        text = (LOGS / f"{name}.log").read_text(encoding="utf-8")
        print(f"\n{'=' * 30} group {name} {'=' * 30}\n{text}", flush=True)
        for kind, n in _counts(text).items():
            totals[kind] = totals.get(kind, 0) + n
        if process.returncode != 0:
            failed.append(name)
    print(f"test groups: {time.perf_counter() - began:.0f} s"
          + (f", failed: {', '.join(failed)}" if failed else ""), flush=True)
    if profile_tier is not None:
        profile_tier.wait()
        profile_log.close()
        print((LOGS / "profiles.log").read_text(encoding="utf-8"), flush=True)
        if profile_tier.returncode:
            failed.append("profiles")
    print(f"everything: {time.perf_counter() - began:.0f} s")
    print(f"{totals['passed']} passed, {totals['failed'] + totals['error']} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
