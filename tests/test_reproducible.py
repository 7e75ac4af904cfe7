"""Building the site twice from the same commit gives byte-identical output (figures included:
they are committed SVGs made with a fixed hash salt and no date; notebooks rendered afresh by
each build). Two more builds of the whole site: this runs with the editions
(`make test-editions`), which are what gets copied and archived."""

import pytest
from site_build import build, finished

pytestmark = pytest.mark.editions


def test_a_second_build_is_identical(tmp_path_factory):
    folders = [tmp_path_factory.mktemp(name) for name in ("first", "second")]
    builds = [build(f / "site", f / "notebook-cache") for f in folders]  # side by side
    for proc in builds:
        finished(proc)
    first, second = (f / "site" for f in folders)
    first_files = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    second_files = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    assert first_files == second_files
    differ = [p for p in sorted(first_files)
              if (first / p).read_bytes() != (second / p).read_bytes()]
    assert not differ, f"files that differ between two builds: {differ[:20]}"
