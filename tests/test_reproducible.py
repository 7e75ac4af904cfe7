"""Building the site twice from the same commit gives byte-identical output (figures included:
they are committed SVGs made with a fixed hash salt and no date)."""

import os
import subprocess
import sys

from site_tools.doc_examples import ROOT


def test_a_second_build_is_identical(built_site, tmp_path):
    second = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(second)],
        cwd=ROOT, check=True, capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    first_files = {p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file()}
    second_files = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    assert first_files == second_files
    differ = [p for p in sorted(first_files)
              if (built_site / p).read_bytes() != (second / p).read_bytes()]
    assert not differ, f"files that differ between two builds: {differ[:20]}"
