"""Build the offline edition: the whole site (both languages) as files that work from the file
system, in build/editions/offline/deep-learning-notes/, and the same folder as one zip,
build/editions/deep-learning-notes-offline.zip (`make offline`; see site_tools/editions.py).

    python scripts/build_offline.py [--no-zip]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import editions  # noqa: E402


def size(path: Path) -> str:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() \
        else path.stat().st_size
    return f"{total / 1e6:.1f} MB"


def main(args: list[str]) -> int:
    began = time.perf_counter()
    the_stamp = editions.stamp()
    editions.build_site(editions.SITE, the_stamp)
    built = time.perf_counter()
    print(f"offline copy: {editions.SITE.relative_to(editions.ROOT)}/ ({size(editions.SITE)}, "
          f"built in {built - began:.0f} s)")
    if "--no-zip" not in args:
        editions.zip_site(editions.SITE, editions.ZIP)
        print(f"zip: {editions.ZIP.relative_to(editions.ROOT)} ({size(editions.ZIP)}, "
              f"{time.perf_counter() - built:.0f} s)")
    print(the_stamp.line("en", "offline"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
