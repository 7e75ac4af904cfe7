"""Rewrite the ```output blocks of pages from a fresh run of the code above them.

    python scripts/refresh_outputs.py docs/improving/optimization.md [more pages ...]

Run it after changing code whose output a page shows, then review the diff: the tests fail
while a page shows an output that the code no longer prints. A block that already agrees with
the fresh output (to the checker's tolerance, site_tools/output_check.py) is left as it is, so
that a run on another machine does not churn the last digits.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import doc_examples as dx  # noqa: E402
from site_tools.output_check import agree  # noqa: E402


def refresh(path: Path) -> int:
    outputs = [out for _, out in dx.run_document(path, compare_output=False)]
    raw = path.read_text(encoding="utf-8")
    blocks = dx.fenced_blocks(raw)
    python_blocks = [k for k, b in enumerate(blocks) if b.lang == "python"]
    if len(python_blocks) != len(outputs):
        raise SystemExit(f"{path}: {len(python_blocks)} python blocks but {len(outputs)} ran")
    edits = []
    for k, out in zip(python_blocks, outputs, strict=True):
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if nxt and nxt.lang == "output" and not raw[blocks[k].end : nxt.start].strip() \
                and not agree(nxt.code, out, numbers=not nxt.is_run):
            first = raw[nxt.start : raw.index("\n", nxt.start) + 1]
            indent = first[: len(first) - len(first.lstrip())]
            fence = re.match(r"[`~]+", first.strip())[0]
            body = "".join(f"{indent}{line}\n" if line else "\n" for line in out.split("\n"))
            edits.append((nxt.start, nxt.end, f"{first}{body}{indent}{fence}\n"))
    for start, end, text in reversed(edits):
        raw = raw[:start] + text + raw[end:]
    path.write_text(raw, encoding="utf-8")
    return len(edits)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {refresh(Path(name))} output blocks refreshed")
