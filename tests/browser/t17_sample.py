"""A sample of Timeline17 articles written as news for the gallery and the size figures.

    .venv/bin/python -m tests.browser.t17_sample N OUT [--data ../shared/data/t17-dev]

writes N articles (as many from each topic, every k-th in file order) to OUT as `.txt`
files whose front matter gives `published` (the article's folder date: its DCT) and
`source` (the outlet in its file name). The texts are licensed: OUT belongs outside the
repository (/tmp), never in it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

# As the README names the shared corpora: beside the repository.
DEFAULT_DATA = Path("../shared/data/t17-dev")


def write_sample(data: Path, count: int, out: Path) -> int:
    topics = sorted(path for path in data.iterdir() if (path / "InputDocs").is_dir())
    if not topics:
        raise SystemExit(f"no Timeline17 topics (with InputDocs/) in {data}")
    out.mkdir(parents=True, exist_ok=True)
    per_topic = max(1, count // len(topics))
    written = 0
    for topic in topics:
        articles = sorted(topic.glob("InputDocs/*/*.txt"))
        step = max(1, len(articles) // per_topic)
        for article in articles[::step][:per_topic]:
            day, source = article.parent.name, article.stem.split("-")[0]
            text = article.read_text(encoding="utf-8", errors="replace")
            target = out / f"{topic.name}-{day}-{article.stem}.txt"
            target.write_text(f"---\npublished: {day}\nsource: {source}\n---\n{text}", "utf-8")
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    print(f"{write_sample(args.data, args.count, args.out)} articles in {args.out}")


if __name__ == "__main__":
    main()
