"""`chronicle run` (files into the warehouse, through the ingest flow) and `chronicle
extract` (one file's extraction printed, no warehouse).

Heavy modules (Prefect, spaCy, the extraction rules) are imported inside the handlers, so
that building the parser, and every other verb, does not pay for them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.defaults import DEFAULT_CHARTS, DEFAULT_DB, DEFAULT_PATHS

# --- chronicle run ---------------------------------------------------------------------


def add_run(subparsers: Any) -> None:
    run = subparsers.add_parser(
        "run", help="ingest files or folders into the warehouse and draw charts"
    )
    run.add_argument("paths", nargs="*", default=list(DEFAULT_PATHS), help="files or folders")
    run.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB file (default {DEFAULT_DB})")
    run.add_argument("--charts", default=DEFAULT_CHARTS, help=f"chart folder ({DEFAULT_CHARTS})")
    run.add_argument("--batch-size", type=int, default=200, help="documents per task")
    run.add_argument("--model", default=None, help="spaCy model (default: best installed)")
    run.add_argument("--no-charts", action="store_true", help="skip rendering the charts")
    run.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="follow symbolic links that lead outside the given paths",
    )
    run.add_argument(
        "--max-bytes",
        type=int,
        default=20 * 1024 * 1024,
        help="quarantine files larger than this, also once decompressed (default 20 MiB)",
    )
    run.add_argument(
        "--runner",
        choices=("local", "dask"),
        default="local",
        help="where extraction runs: this machine's cores, or a Dask cluster",
    )
    run.add_argument(
        "--address",
        default=None,
        help="Dask scheduler, e.g. tcp://HOST:8786 (default with --runner dask: a local cluster)",
    )
    run.add_argument(
        "--batches-in-flight",
        type=int,
        default=None,
        help="batches extracting at once while the flow loads (default 2; with --runner "
        "dask, 2 per Dask worker of the local cluster, 16 with --address)",
    )
    run.add_argument(
        "--staging",
        default=None,
        help="folder where workers leave batches for the loader; on a multi-host Dask "
        "cluster, shared storage at the same path everywhere (default $CHRONICLE_STAGING, "
        "else DB.staging)",
    )
    run.add_argument("--quiet", action="store_true", help="print only warnings and errors")
    run.add_argument("--strict", action="store_true", help="exit 3 when any input was quarantined")
    run.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    if args.quiet:
        os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
    from flows.ingest import ingest
    from pipeline import progress

    bar = _ProgressBar() if sys.stderr.isatty() and not args.quiet else None
    if bar is not None:
        progress.listen(bar)
    if args.address and args.runner != "dask":
        print("chronicle: --address needs --runner dask", file=sys.stderr)
        return 2
    flow = ingest
    if args.runner == "dask":
        from flows.tasks import dask_runner

        flow = ingest.with_options(task_runner=dask_runner(args.address))
    try:
        summary = flow(
            paths=args.paths,
            db=args.db,
            charts=args.charts,
            batch_size=args.batch_size,
            model=args.model,
            render_charts_after=not args.no_charts,
            follow_symlinks=args.follow_symlinks,
            max_bytes=args.max_bytes,
            worker_processes=1 if args.runner == "dask" else None,
            staging_root=args.staging,
            batches_in_flight=args.batches_in_flight or _default_in_flight(args),
        )
    finally:
        if bar is not None:
            progress.forget(bar)
            bar.close()
    totals = summary.totals
    if args.quiet:
        return 3 if args.strict and summary.quarantined_this_run else 0
    print(
        f"\nChronicle run {summary.run_id}\n"
        f"  documents: {summary.documents_seen} seen, {summary.documents_new} new, "
        f"{summary.documents_changed} changed, {summary.documents_skipped} unchanged\n"
        f"  events written: {summary.events_written}; quarantined this run: "
        f"{summary.quarantined_this_run}\n"
        f"  warehouse totals: {totals.get('documents', 0)} documents, "
        f"{totals.get('events', 0)} events, {totals.get('actors', 0)} actors, "
        f"{totals.get('quarantined', 0)} quarantined\n"
        f"  database: {summary.database}\n"
        + (f"  charts:   {Path(args.charts).resolve() / 'index.html'}\n" if summary.charts else "")
    )
    return 3 if args.strict and summary.quarantined_this_run else 0


def _default_in_flight(args: argparse.Namespace) -> int:
    """Enough batches to keep every Dask worker busy; two for this machine's pool."""
    if args.runner != "dask":
        return 2
    return 16 if args.address else 2 * (os.cpu_count() or 1)


class _ProgressBar:
    """Documents per second and time left, on the terminal, while a run goes on."""

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("documents"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            transient=True,
        )
        self._task = self._progress.add_task("run", total=None, rate="")
        self._started = time.monotonic()
        self._done = 0
        self._progress.start()

    def started(self, total: int) -> None:
        self._progress.update(self._task, total=total)

    def advanced(self, count: int) -> None:
        self._done += count
        elapsed = max(time.monotonic() - self._started, 1e-6)
        self._progress.update(self._task, advance=count, rate=f"{self._done / elapsed:.1f} doc/s")

    def close(self) -> None:
        self._progress.stop()


# --- chronicle extract -----------------------------------------------------------------


def add_extract(subparsers: Any) -> None:
    ex = subparsers.add_parser("extract", help="print one document's extraction, no database")
    ex.add_argument("file", type=Path)
    ex.add_argument("--published", type=date.fromisoformat, help="DCT, YYYY-MM-DD")
    ex.add_argument("--json", action="store_true", help="JSON output (the only format so far)")
    ex.add_argument("--model", default=None)
    ex.set_defaults(handler=_extract)


def _extract(args: argparse.Namespace) -> int:
    from pipeline.files import read_file
    from pipeline.nlp import parse_documents
    from pipeline.version import extractor_version
    from transforms.extraction.stages import extract
    from transforms.ingestion.documents import clean
    from transforms.ingestion.sources import parse_source
    from transforms.model import Rejection

    data = read_file(args.file)
    if isinstance(data, Rejection):
        print(f"chronicle: {data.path}: {data.reason}", file=sys.stderr)
        return 1
    outputs: list[dict[str, Any]] = []
    for item in parse_source(str(args.file), data):
        if isinstance(item, Rejection):
            print(f"chronicle: {item.path}: {item.reason}", file=sys.stderr)
            return 1
        if args.published is not None:
            item = replace(item, meta={**item.meta, "published": args.published.isoformat()})
        document = clean(item)
        if isinstance(document, Rejection):
            print(f"chronicle: {document.path}: {document.reason}", file=sys.stderr)
            return 1
        [parse] = parse_documents([document], args.model)
        outputs.append(asdict(extract(document, parse, extractor_version())))
    result = outputs[0] if len(outputs) == 1 else outputs
    print(json.dumps(result, indent=2, ensure_ascii=False, default=_json_default))
    return 0


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
