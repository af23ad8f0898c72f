"""The `chronicle` command.

Exit codes: 0 done, 1 failed, 2 usage error, 3 done but some input was quarantined (only
with `chronicle run --strict`).
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


def main(argv: list[str] | None = None) -> int:
    # Prefect's local server would otherwise send usage telemetry from every run.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the CLI's last line of defence: one readable line, exit 1
        print(f"chronicle: error: {exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chronicle", description="News documents in; a timeline of who did what, when, out."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="ingest files or folders into the warehouse and draw charts")
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

    status = sub.add_parser("status", help="the last runs and the warehouse's counts")
    status.add_argument("--db", default=DEFAULT_DB)
    status.add_argument("--runs", type=int, default=10, help="how many runs to list")
    status.set_defaults(handler=_status)

    sql = sub.add_parser("sql", help="run a SQL query against the warehouse and print a table")
    sql.add_argument("query")
    sql.add_argument("--db", default=DEFAULT_DB)
    sql.add_argument("--write", action="store_true", help="open for writing (read-only by default)")
    sql.set_defaults(handler=_sql)

    ex = sub.add_parser("extract", help="print one document's extraction, no database")
    ex.add_argument("file", type=Path)
    ex.add_argument("--published", type=date.fromisoformat, help="DCT, YYYY-MM-DD")
    ex.add_argument("--json", action="store_true", help="JSON output (the only format so far)")
    ex.add_argument("--model", default=None)
    ex.set_defaults(handler=_extract)

    timeline = sub.add_parser("timeline", help="the ordered events of one actor")
    timeline.add_argument("entity", help="name, key or alias, e.g. 'Putin'")
    timeline.add_argument("--db", default=DEFAULT_DB)
    timeline.set_defaults(handler=_timeline)

    semeval = sub.add_parser(
        "semeval2015", help="entity timelines in SemEval-2015 Task 4 format from raw TimeML"
    )
    semeval.add_argument("corpus_dir", type=Path)
    semeval.add_argument("entities_file", type=Path, help="one entity name per line")
    semeval.add_argument("out_dir", type=Path)
    semeval.add_argument("--model", default=None)
    semeval.set_defaults(handler=_semeval)

    evaluate = sub.add_parser("evaluate", help="score actors against an annotated corpus")
    evaluate.add_argument("corpus", choices=("meantime",))
    evaluate.add_argument("corpus_dir", type=Path, help="e.g. meantime/intra-doc_annotation/…")
    evaluate.add_argument("--model", default=None)
    evaluate.set_defaults(handler=_evaluate)

    from presentation.export import add_export_parser

    add_export_parser(sub)

    tml = sub.add_parser("timeml", help="tag TimeML files with TIMEX3 (TempEval-3 format)")
    tml.add_argument("in_dir", type=Path, help="folder of *.tml files (searched recursively)")
    tml.add_argument("out_dir", type=Path)
    tml.add_argument("--mode", choices=("news", "narrative"), default="news")
    tml.add_argument("--no-parse", action="store_true", help="no spaCy: tense from local cues")
    tml.add_argument("--model", default=None)
    tml.set_defaults(handler=_timeml)
    return parser


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


def _status(args: argparse.Namespace) -> int:
    from warehouse import store
    from warehouse.lock import open_warehouse

    if not Path(args.db).exists():
        print(f"chronicle: no warehouse at {args.db}: run `chronicle run` first", file=sys.stderr)
        return 1
    with open_warehouse(args.db, read_only=True) as con:
        totals = store.counts(con)
        runs = store.fetch(con, "recent_runs", limit=args.runs)
    print(
        f"{args.db}: {totals['documents']} documents ({totals['sources']} sources), "
        f"{totals['events']} events, {totals['actors']} actors, "
        f"{totals['quarantined']} quarantined"
    )
    if not runs:
        print("no runs yet")
        return 0
    header = (
        "started (UTC)",
        "state",
        "seconds",
        "seen",
        "new",
        "changed",
        "skipped",
        "quarant.",
        "events",
    )
    rows = [
        (
            str(run["started_at"])[:19],
            run["state"],
            "" if run["seconds"] is None else f"{run['seconds']:.1f}",
            run["documents_seen"],
            run["documents_new"],
            run["documents_changed"],
            run["documents_skipped"],
            run["quarantined"],
            run["events_written"],
        )
        for run in runs
    ]
    for cells in [header, *rows]:
        print(f"{cells[0]!s:<19}  " + "  ".join(f"{c!s:>9}" for c in cells[1:]))
    return 0


def _sql(args: argparse.Namespace) -> int:
    from warehouse.lock import open_warehouse

    if not Path(args.db).exists():
        print(f"chronicle: no warehouse at {args.db}: run `chronicle run` first", file=sys.stderr)
        return 1
    with open_warehouse(args.db, read_only=not args.write) as con:
        relation = con.sql(args.query)
        if relation is None:
            return 0
        relation.show(max_width=200, max_rows=1000)
    return 0


def _extract(args: argparse.Namespace) -> int:
    from pipeline.files import read_file
    from pipeline.nlp import parse_documents
    from pipeline.version import extractor_version
    from transforms.extraction.stages import extract
    from transforms.ingestion.documents import clean, parse_source
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


def _timeline(args: argparse.Namespace) -> int:
    from warehouse import store
    from warehouse.lock import open_warehouse

    if not Path(args.db).exists():
        print(f"chronicle: no warehouse at {args.db}: run `chronicle run` first", file=sys.stderr)
        return 1
    with open_warehouse(args.db, read_only=True) as con:
        rows = store.entity_timeline(con, args.entity)
    if not rows:
        print(f"chronicle: no events for {args.entity!r}", file=sys.stderr)
        return 1
    for row in rows:
        when = row["date_value"] or "undated"
        print(
            f"{when:<12} {row['role']:<9} {row['trigger']:<16} {row['event_type'] or '':<10} "
            f"{(row['title'] or row['doc_id'])[:40]}  | {' '.join(row['sentence'].split())}"
        )
    return 0


def _semeval(args: argparse.Namespace) -> int:
    from evaluation.semeval2015 import run_semeval2015

    for path in (args.corpus_dir, args.entities_file):
        if not path.exists():
            print(f"chronicle: no such file or folder: {path}", file=sys.stderr)
            return 2
    written = run_semeval2015(args.corpus_dir, args.entities_file, args.out_dir, args.model)
    print(f"{written} timelines written to {args.out_dir}")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from evaluation.meantime import meantime_scores

    if not args.corpus_dir.is_dir():
        print(f"chronicle: no such folder: {args.corpus_dir}", file=sys.stderr)
        return 2
    scores = meantime_scores(args.corpus_dir, args.model)
    print(f"{'view':<14}{'type':<9}{'P':>7}{'R':>7}{'F1':>7}")
    for view in ("named", "named_strict", "all"):
        for kind, s in scores[view].items():
            print(
                f"{view:<14}{kind:<9}{100 * s['precision']:>7.1f}{100 * s['recall']:>7.1f}"
                f"{100 * s['f1']:>7.1f}"
            )
    timex = scores["timex"]
    if timex:
        print(f"\ntimexes (gold {timex['gold']}, system {timex['system']}): F1")
        for measure in ("strict", "relaxed", "value", "type"):
            print(f"  {measure:<9}{100 * timex[measure]:>7.1f}")
    return 0


def _default_in_flight(args: argparse.Namespace) -> int:
    """Enough batches to keep every Dask worker busy; two for this machine's pool."""
    if args.runner != "dask":
        return 2
    return 16 if args.address else 2 * (os.cpu_count() or 1)


def _timeml(args: argparse.Namespace) -> int:
    from evaluation.timeml import tag_timeml_dir

    if not args.in_dir.exists():
        print(f"chronicle: no such file or folder: {args.in_dir}", file=sys.stderr)
        return 2
    failures = tag_timeml_dir(
        args.in_dir, args.out_dir, mode=args.mode, use_parse=not args.no_parse, model=args.model
    )
    return 1 if failures else 0


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


if __name__ == "__main__":
    sys.exit(main())
