"""Building the site twice from the same commit gives byte-identical output (figures included:
they are committed SVGs made with a fixed hash salt and no date)."""


def test_a_second_build_is_identical(site_builds):
    first, second = site_builds
    first_files = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    second_files = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    assert first_files == second_files
    differ = [p for p in sorted(first_files)
              if (first / p).read_bytes() != (second / p).read_bytes()]
    assert not differ, f"files that differ between two builds: {differ[:20]}"
