"""Real long-form news as Chronicle reads news: a Timeline17-style folder made plain files.

Timeline17 (`<topic>/InputDocs/<YYYY-MM-DD>/<source>-<id>.txt`) keeps each article's
publication date in its folder's name, not in the file. `build_plain_news` writes every
article under `out` with that date as `published:` front matter, the way a user would hand
such a collection to `chronicle run`, and returns the written files. The texts are copied
unchanged (they are licensed: write them outside the repository, e.g. under /tmp).

    python -m bench.real_corpus SOURCE_DIR OUT_DIR [--limit N] [--long-words N]

`--long-words N` also writes one document of at least N words (the longest article,
continued with others' text), the shape of input that used to exhaust memory.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

_DATE_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")


def articles(source: Path) -> Iterator[tuple[Path, str]]:
    """Every article under `source` with its publication date (its folder's name), sorted."""
    for path in sorted(source.rglob("*.txt")):
        folder = path.parent.name
        if path.parent.parent.name == "InputDocs" and _DATE_FOLDER.fullmatch(folder):
            yield path, folder


def plain_news(text: str, published: str) -> str:
    return f"---\npublished: {published}\n---\n{text}"


def build_plain_news(
    source: Path, out: Path, *, limit: int | None = None, long_words: int = 0
) -> list[Path]:
    """Write the articles of `source` (the first `limit`, in path order) as plain news files
    under `out` (emptied first); with `long_words`, one more document at least that long."""
    if out.exists():
        shutil.rmtree(out)
    every = list(articles(source))
    written: list[Path] = []
    for path, published in every[:limit]:
        target = out / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plain_news(path.read_text(encoding="utf-8"), published), "utf-8")
        written.append(target)
    if long_words:
        written.append(_long_document(out, every, long_words))
    return written


def _long_document(out: Path, found: list[tuple[Path, str]], words: int) -> Path:
    """The longest article continued, line by line, with the next longest until `words`."""
    by_length = sorted(found, key=lambda item: item[0].stat().st_size, reverse=True)
    lines: list[str] = []
    count = 0
    for path, _ in by_length:
        for line in path.read_text(encoding="utf-8").splitlines():
            if count >= words:
                break
            lines.append(line)
            count += len(line.split())
    target = out / "long" / f"long-{words}.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(plain_news("\n".join(lines) + "\n", by_length[0][1]), "utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--long-words", type=int, default=0)
    args = parser.parse_args(argv)
    written = build_plain_news(args.source, args.out, limit=args.limit, long_words=args.long_words)
    words = sum(len(path.read_text(encoding="utf-8").split()) for path in written)
    print(f"{len(written)} documents, {words:,} words in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
