"""End-to-end benchmark: Chronicle's pipeline against the bound set by parsing alone.

    python -m bench.pipeline_bench [--docs 2000] [--data ../shared/data] [--out bench/out]

Builds a corpus of real news text (TimeML corpora under --data when present, else the
repo's seeds), recombined sentence by sentence into as many distinct documents as asked,
each with its publication date. Then, on those texts: spaCy alone (`nlp.pipe`, every core),
each Chronicle stage on its own, then `chronicle run` cold and again unchanged, as a user
runs it (a separate process: Python's and the flow's start-up count, and so does the memory
of every worker process), against a Prefect server started beforehand as scheduled runs
have one; then once more unchanged with no server, when `chronicle run` starts a temporary
one itself.

The load stage is the loader as the flow runs it: the batches are extracted and staged as
the flow's workers do it (tables built and written as Parquet in the worker processes, the
time each spends on that reported apart), then loaded one by one by the flow's load task
(read the batch's files, open the warehouse, retire edited texts, load in one transaction,
close, delete the files).
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def remove_database(db: Path) -> None:
    """A DuckDB file gone with its write-ahead log and lock file, for a measurement from empty."""
    for suffix in ("", ".wal", ".lock"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def timed(label: str, results: dict[str, float], fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - start
    return value


def duckdb_floor(tables: dict[str, Any], db: Path) -> dict[str, float]:
    """DuckDB alone writing the same Arrow tables: what no loader of these rows can beat.

    Each table is copied as it is (`CREATE TABLE AS`: no key, no constraint, no plan) into
    a fresh file in one transaction, and the connection closed, so the commit and the
    checkpoint count, on one thread as the loader runs (`load._one_thread`: faster for
    loads this size). Returns the seconds for the events table alone and for all tables.
    """
    import duckdb

    def write(names: list[str]) -> float:
        remove_database(db)
        con = duckdb.connect(str(db), config={"threads": 1})
        start = time.perf_counter()
        con.begin()
        for name in names:
            con.register("staged", tables[name])
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM staged")
            con.unregister("staged")
        con.commit()
        con.close()
        return time.perf_counter() - start

    return {"events table": write(["events"]), "all tables": write(list(tables))}


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), in KiB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


@contextmanager
def prefect_server() -> Iterator[str]:
    """A Prefect server for the runs, as scheduled runs have one (`make serve`): without
    one, every `chronicle run` first starts a temporary server of its own, which is
    measured separately below."""
    from pipeline.prefect_server import local_server

    home = Path(tempfile.mkdtemp(prefix="chronicle-bench-prefect-"))
    try:
        with local_server(home) as api:
            yield api
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run_cli(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run `chronicle ...` as a user would; (seconds, peak MB of its whole process tree)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", *args],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kb(process.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"chronicle {' '.join(args)} failed:\n{process.stderr.read()}")
    return seconds, peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--batch-size", type=int, default=200)
    args = parser.parse_args(argv)
    data = args.data if args.data.is_dir() else None
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

    from flows.tasks import Box, load_batch
    from pipeline.files import read_documents
    from pipeline.nlp import load_model, model_name, parse_processes, stage_documents
    from pipeline.version import extractor_version
    from presentation.dashboard import render_charts
    from transforms.extraction.parse import from_spacy
    from transforms.extraction.stages import STAGES, begin, text_for_parsing
    from transforms.ingestion.identity import one_document_per_text
    from warehouse import load, staging
    from warehouse.lock import open_warehouse
    from warehouse.tables import STAGED_TABLES, concat

    corpus = args.out / "corpus"
    paths = build_corpus(corpus, args.docs, data)
    print(f"corpus: {len(paths)} documents from {data or 'seeds/'} in {corpus}")
    stage: dict[str, float] = {}

    documents, _ = timed("ingest", stage, lambda: read_documents(paths))
    words = sum(len(text_for_parsing(d).split()) for d in documents)
    nlp = load_model(model_name())
    texts = [text_for_parsing(d) for d in documents]
    processes = parse_processes(len(texts))
    docs = timed(
        "spaCy bound", stage, lambda: list(nlp.pipe(texts, batch_size=64, n_process=processes))
    )
    parses = timed("parse copy", stage, lambda: [from_spacy(doc) for doc in docs])
    docs.clear()  # the copies are what the stages below read
    version = extractor_version()

    # Each extraction stage alone over every document, in the order extract() runs them,
    # each stage reading what the earlier ones found.
    so_far = [begin(d, p, version) for d, p in zip(documents, parses, strict=True)]
    for name, extraction_stage in STAGES:
        so_far = timed(
            f"extraction: {name}",
            stage,
            lambda run=extraction_stage, given=so_far: [run(item) for item in given],
        )

    # As the flow: one document per text, batches of --batch-size, each staged by the
    # worker processes that extracted it.
    unique = one_document_per_text(documents, {})
    batches = [unique[i : i + args.batch_size] for i in range(0, len(unique), args.batch_size)]
    staging_root = args.out / "staging"
    shutil.rmtree(staging_root, ignore_errors=True)

    def stage_all() -> list[staging.StagedBatch]:
        return [
            stage_documents(batch, model_name(), version, staging.batch_folder(staging_root, i))
            for i, batch in enumerate(batches)
        ]

    staged = timed("parse + extract + stage", stage, stage_all)
    parts = [part for batch in staged for part in batch.parts]
    in_workers = {
        "build tables": sum(part.build_seconds for part in parts),
        "write Parquet": sum(part.write_seconds for part in parts),
    }
    staged_rows = {t: sum(batch.rows(t) for batch in staged) for t in STAGED_TABLES}
    stage_db = args.out / "stages.duckdb"
    remove_database(stage_db)
    with open_warehouse(stage_db):
        pass  # a warehouse with its schema, as a flow finds it after its first batch
    # Kept for the one-transaction figure below (the load task deletes the files).
    all_tables = concat([staging.read_batch(batch) for batch in staged])

    def load_all() -> None:
        for batch, documents_in in zip(staged, batches, strict=True):
            load_batch.fn(
                str(stage_db),
                Box(batch),
                Box({d.doc_id: [d.path] for d in documents_in}),
                Box({d.path: [d.doc_id] for d in documents_in}),
            )

    timed("load", stage, load_all)
    with open_warehouse(stage_db) as con:
        event_rows = con.execute("SELECT count(*) FROM events").fetchone()[0]
        loaded_rows = sum(
            con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in STAGED_TABLES
        )
    # The same rows in one transaction on an open connection (how earlier versions of this
    # benchmark measured loading): the loader without its per-batch fixed costs.
    one_db = args.out / "one-transaction.duckdb"
    remove_database(one_db)
    with open_warehouse(one_db) as con:
        timed("load, 1 transaction", stage, lambda: load.load_tables(con, all_tables))
    floor = duckdb_floor(all_tables, args.out / "floor.duckdb")
    shutil.rmtree(staging_root, ignore_errors=True)
    with open_warehouse(stage_db, read_only=True) as con:
        timed("render", stage, lambda: render_charts(con, args.out / "stage-charts"))

    db = args.out / "bench.duckdb"
    remove_database(db)
    run_args = [
        "run",
        str(corpus),
        "--db",
        str(db),
        "--charts",
        str(args.out / "charts"),
        "--batch-size",
        str(args.batch_size),
        "--quiet",
    ]
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    end_to_end: dict[str, float] = {}
    peaks: dict[str, float] = {}
    with prefect_server() as api:
        served = {**env, "PREFECT_API_URL": api}
        end_to_end["cold run"], peaks["cold run"] = run_cli(run_args, served)
        end_to_end["unchanged re-run"], peaks["unchanged re-run"] = run_cli(run_args, served)
    # What a one-off `chronicle run` costs with no server: it starts a temporary one.
    label = "unchanged, no server"
    end_to_end[label], peaks[label] = run_cli(run_args, env)

    bound = stage["spaCy bound"]
    cold = end_to_end["cold run"]
    print(
        f"\n{len(documents)} documents, {words} words; parse processes: {processes}; "
        f"{event_rows} event rows"
    )
    print(f"{'stage':<26}{'seconds':>10}{'docs/s':>10}{'words/s':>12}")
    for label, seconds in [*stage.items(), *end_to_end.items()]:
        print(
            f"{label:<26}{seconds:>10.2f}{len(documents) / seconds:>10.1f}{words / seconds:>12.0f}"
        )
    print(f"\ncold throughput / spaCy bound: {bound / cold:.2f} (target >= 0.7)")
    print(
        f"unchanged re-run / cold run: {end_to_end['unchanged re-run'] / cold:.3f} "
        f"(target <= 0.05); with no server running: "
        f"{end_to_end['unchanged, no server'] / cold:.3f}"
    )
    print(
        f"load: {event_rows / stage['load']:,.0f} event rows/s (target >= 200,000), "
        f"{loaded_rows / stage['load']:,.0f} rows/s over all {len(STAGED_TABLES)} tables "
        f"({loaded_rows:,} rows, {sum(staged_rows.values()):,} staged)"
    )
    one = stage["load, 1 transaction"]
    print(
        f"load, all batches in 1 transaction: {event_rows / one:,.0f} event rows/s, "
        f"{loaded_rows / one:,.0f} rows/s"
    )
    print(
        f"DuckDB alone, the same Arrow tables copied in 1 transaction: all tables "
        f"{floor['all tables']:.2f} s ({event_rows / floor['all tables']:,.0f} event rows/s, "
        f"{loaded_rows / floor['all tables']:,.0f} rows/s); events table alone "
        f"{floor['events table']:.2f} s ({event_rows / floor['events table']:,.0f} rows/s)"
    )
    for label, seconds in in_workers.items():
        print(
            f"{label} in the workers: {seconds:.2f} s summed over {len(parts)} parts "
            f"({event_rows / seconds:,.0f} event rows/s per core)"
        )
    for label, peak in peaks.items():
        print(f"peak memory, {label} (chronicle and its workers): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
