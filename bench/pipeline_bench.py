"""End-to-end benchmark: Chronicle's pipeline against the bound set by parsing alone.

    python -m bench.pipeline_bench [--docs 2000] [--data ../shared/data] [--out bench/out]

Builds a corpus of real news text (TimeML corpora under --data when present, else the
repo's seeds), recombined sentence by sentence into as many distinct documents as asked,
each with its publication date. Then, on those texts: spaCy alone (`nlp.pipe`, every core),
each Chronicle stage on its own, the whole flow cold, and the whole flow again unchanged.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import resource
import shutil
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)
_DCT = re.compile(r'<DCT>.*?value="(\d{4}-\d{2}-\d{2})', re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def source_texts(data: Path | None) -> list[tuple[str, date]]:
    """Real news texts with their DCTs: TBAQ when available, else the repo's seeds."""
    texts: list[tuple[str, date]] = []
    if data is not None and (data / "tbaq").is_dir():
        for path in sorted((data / "tbaq").rglob("*.tml")):
            xml = path.read_text(encoding="utf-8")
            body, dct = _TEXT.search(xml), _DCT.search(xml)
            if body and dct:
                plain = html.unescape(re.sub(r"<[^>]+>", "", body.group(1))).strip()
                texts.append((plain, date.fromisoformat(dct.group(1))))
    if not texts:
        for path in sorted((REPO / "seeds").glob("*.md")):
            raw = path.read_text(encoding="utf-8")
            published = re.search(r"^published:\s*(\S+)", raw, re.MULTILINE)
            body = raw.split("---", 2)[-1] if raw.startswith("---") else raw
            texts.append((body.strip(), date.fromisoformat(published.group(1))))
    return texts


def build_corpus(out: Path, count: int, data: Path | None) -> list[Path]:
    """`count` distinct documents: the originals, then deterministic recombinations."""
    originals = source_texts(data)
    rng = random.Random(20250509)
    paragraphs = [
        (sentences, dct)
        for text, dct in originals
        if (sentences := [s for s in _SENTENCE_END.split(text) if s.strip()])
    ]
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    paths: list[Path] = []
    for i in range(count):
        sentences, dct = paragraphs[i % len(paragraphs)]
        if i >= len(paragraphs):  # recombine: same story's sentences, another order and day
            sentences = rng.sample(sentences, k=len(sentences))
            dct = dct + timedelta(days=rng.randint(-400, 400))
        path = out / f"doc-{i:05d}.md"
        path.write_text(
            f"---\ntitle: Benchmark document {i}\npublished: {dct.isoformat()}\n---\n"
            + " ".join(sentences)
            + "\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def timed(label: str, results: dict[str, float], fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - start
    return value


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--batch-size", type=int, default=200)
    args = parser.parse_args(argv)
    data = args.data if args.data.is_dir() else None
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

    from flows.ingest import read_documents
    from flows.nlp import load_model, model_name, parse_documents, parse_processes
    from flows.pipeline import pipeline
    from flows.version import extractor_version
    from transforms import timex
    from transforms.actors import find_actors
    from transforms.events import find_events
    from transforms.extract import tense_at, text_for_parsing
    from warehouse.lock import open_warehouse
    from warehouse.render import render_charts
    from warehouse.store import load_extractions

    corpus = args.out / "corpus"
    paths = build_corpus(corpus, args.docs, data)
    print(f"corpus: {len(paths)} documents from {data or 'seeds/'} in {corpus}")
    stage: dict[str, float] = {}

    documents, _ = timed("ingest", stage, lambda: read_documents.fn(paths))
    words = sum(len(text_for_parsing(d).split()) for d in documents)
    nlp = load_model(model_name())
    texts = [text_for_parsing(d) for d in documents]
    processes = parse_processes(len(texts))
    timed(
        "spaCy bound",
        stage,
        lambda: sum(1 for _ in nlp.pipe(texts, batch_size=64, n_process=processes)),
    )
    parses = timed("parse", stage, lambda: parse_documents(documents))
    version = extractor_version()

    def tag_all() -> list:
        return [
            timex.tag(d.text, d.dct, spans=d.content, tense_at=lambda s, e, p=p: tense_at(p, s, e))
            for d, p in zip(documents, parses, strict=True)
        ]

    timexes = timed("temporal tagging", stage, tag_all)

    def events_all() -> list:
        out = []
        for d, p, tx in zip(documents, parses, timexes, strict=True):
            _, mentions = find_actors(p, d.content, d.language)
            out.append(
                find_events(
                    doc_id=d.doc_id,
                    parse=p,
                    content=d.content,
                    timexes=tx,
                    mentions=mentions,
                    dct=d.dct,
                    extractor_version=version,
                    language=d.language,
                )
            )
        return out

    timed("actors + events", stage, events_all)

    from transforms.extract import extract

    extractions = [extract(d, p, version) for d, p in zip(documents, parses, strict=True)]
    stage_db = args.out / "stages.duckdb"
    for suffix in ("", ".wal", ".lock"):
        Path(f"{stage_db}{suffix}").unlink(missing_ok=True)
    with open_warehouse(stage_db) as con:
        timed("load", stage, lambda: load_extractions(con, extractions))
        event_rows = con.execute("SELECT count(*) FROM events").fetchone()[0]
    with open_warehouse(stage_db, read_only=True) as con:
        timed("render", stage, lambda: render_charts(con, args.out / "stage-charts"))

    db = args.out / "bench.duckdb"
    for suffix in ("", ".wal", ".lock"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    run_args = {
        "paths": [str(corpus)],
        "db": str(db),
        "charts": str(args.out / "charts"),
        "batch_size": args.batch_size,
    }
    end_to_end: dict[str, float] = {}
    timed("cold run", end_to_end, lambda: pipeline(**run_args))
    timed("unchanged re-run", end_to_end, lambda: pipeline(**run_args))

    bound = stage["spaCy bound"]
    cold = end_to_end["cold run"]
    print(
        f"\n{len(documents)} documents, {words} words; parse processes: {processes}; "
        f"{event_rows} event rows"
    )
    print(f"{'stage':<20}{'seconds':>10}{'docs/s':>10}{'words/s':>12}")
    for label, seconds in [*stage.items(), *end_to_end.items()]:
        print(
            f"{label:<20}{seconds:>10.2f}{len(documents) / seconds:>10.1f}{words / seconds:>12.0f}"
        )
    print(f"\ncold throughput / spaCy bound: {bound / cold:.2f} (target >= 0.7)")
    print(
        f"unchanged re-run / cold run: {end_to_end['unchanged re-run'] / cold:.3f} (target <= 0.05)"
    )
    print(f"load: {event_rows / stage['load']:.0f} event rows/s (target >= 200,000)")
    print(f"peak memory: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
