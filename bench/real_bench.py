"""The pipeline on real long-form news, against the spaCy bound on the same texts.

    python -m bench.real_bench SOURCE [--out DIR] [--batch-size 200]
    python -m bench.real_bench SOURCE --limit 2000 --long-words 140000

SOURCE is a Timeline17-style folder (`<topic>/InputDocs/<YYYY-MM-DD>/*.txt`, e.g.
`../shared/data/t17-dev`): its articles are written as plain news with their folder's date
as `published:` (`bench.real_corpus`) under --out (default: a folder in the system's
temporary directory, never the repository: the texts are licensed). Then, as
`bench.pipeline_bench` does for its corpus: spaCy alone over the same texts (`nlp.pipe`,
batches of 64, every core: the bound), and `chronicle run` cold as a user runs it, its
whole process tree's memory sampled. Reported: no failed task (the run's exit code and
the quarantine by error class: only unusable input may be there), the throughput against
the bound (target >= 0.8) and the peak memory (target <= 2 GB). `make bench` runs this
after the synthetic corpus when SOURCE exists, and says it skipped it otherwise.

With `--long-words N` the corpus (its first `--limit` articles) also holds one document of
N words (`bench.real_corpus`: the longest articles run together), and the bench measures
the run's peak memory and its outcome only: spaCy alone cannot parse that text whole (its
length limit), so there is no bound to compare with.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.pipeline_bench import prefect_server, remove_database, run_cli
from bench.real_corpus import build_plain_news

TARGET_RATIO = 0.8
TARGET_PEAK_MB = 2048
FAILURES = ("extraction_error", "internal_error")  # quarantine classes that are our faults
DEFAULT_OUT = Path(tempfile.gettempdir()) / "chronicle-real-bench"  # licensed text: not the repo


def real_corpus_bench(
    source: Path,
    out: Path,
    batch_size: int = 200,
    *,
    limit: int | None = None,
    long_words: int = 0,
) -> dict[str, Any]:
    """Build the corpus, time the bound and a cold run; the figures, printed as they come."""
    from pipeline.files import read_documents
    from pipeline.nlp import parse_processes
    from transforms.extraction.stages import text_for_parsing

    corpus = out / "real-corpus"
    paths = build_plain_news(source, corpus, limit=limit, long_words=long_words)
    documents, rejected = read_documents(paths)
    texts = [text_for_parsing(d) for d in documents]
    words = sum(len(text.split()) for text in texts)
    print(
        f"real corpus: {len(documents)} documents ({len(rejected)} files unusable), "
        f"{words:,} words, longest {max(len(t) for t in texts):,} characters, from {source}"
    )
    processes = parse_processes(len(texts))
    bound = None if long_words else _spacy_bound(texts, processes)

    db = out / "real.duckdb"
    remove_database(db)
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    args = ["run", str(corpus), "--db", str(db), "--charts", str(out / "real-charts")]
    args += ["--batch-size", str(batch_size), "--quiet"]
    with prefect_server() as api:
        cold, peak = run_cli(args, {**env, "PREFECT_API_URL": api})
    figures = {
        "documents": len(documents),
        "words": words,
        "bound": bound,
        "cold": cold,
        "peak_mb": peak,
        **_outcome(db),
    }
    _report(figures, processes)
    return figures


def _spacy_bound(texts: list[str], processes: int) -> float:
    """Seconds for spaCy alone to parse `texts` on every core."""
    from pipeline.nlp import load_model, model_name

    nlp = load_model(model_name())
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64, n_process=processes):
        pass
    return time.perf_counter() - started


def _outcome(db: Path) -> dict[str, Any]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        quarantine = dict(
            con.execute("SELECT error_class, count(*) FROM quarantine GROUP BY ALL").fetchall()
        )
        stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        states = [state for (state,) in con.execute("SELECT state FROM runs").fetchall()]
    return {"quarantine": quarantine, "stored": stored, "events": events, "states": states}


def _report(figures: dict[str, Any], processes: int) -> None:
    documents, words = figures["documents"], figures["words"]
    print(f"{'real corpus':<34}{'seconds':>10}{'docs/s':>10}{'words/s':>12}")
    rows = (
        (f"spaCy bound (nlp.pipe, {processes} processes)", "bound"),
        ("chronicle run, cold", "cold"),
    )
    for label, key in rows:
        seconds = figures[key]
        if seconds is not None:
            print(
                f"{label:<34}{seconds:>10.1f}{documents / seconds:>10.1f}{words / seconds:>12,.0f}"
            )
    ratio = (
        f"{figures['bound'] / figures['cold']:.2f} (target >= {TARGET_RATIO})"
        if figures["bound"] is not None
        else "not taken (a document longer than spaCy parses whole)"
    )
    failed = {k: v for k, v in figures["quarantine"].items() if k in FAILURES}
    print(
        f"cold throughput / spaCy bound: {ratio}; "
        f"peak memory {figures['peak_mb']:,.0f} MB (target <= {TARGET_PEAK_MB}); "
        f"runs {figures['states']}; {figures['stored']} documents, {figures['events']:,} events "
        f"stored; quarantined by class {figures['quarantine'] or 'none'}"
        + (f"; FAILED DOCUMENTS {failed}" if failed else "; no failed document")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--limit", type=int, default=None, help="the first N articles only")
    parser.add_argument("--long-words", type=int, default=0, help="add one document this long")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"real-corpus bench skipped: {args.source} is not a folder")
        return 0
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    real_corpus_bench(
        args.source, args.out, args.batch_size, limit=args.limit, long_words=args.long_words
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
