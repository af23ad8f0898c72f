"""`chronicle run` (files into the warehouse, through the ingest flow) and `chronicle
extract` (one file's extraction printed, no warehouse).

A run costs what its work costs. Before Prefect or spaCy is imported, `pipeline.unchanged`
reads the input and asks the warehouse whether anything changed; a run with nothing to do
records its `runs` row and ends there. A run with work is a Prefect flow run: with no
Prefect server configured it starts a temporary one (`pipeline.prefect_server`) and, while
that comes up, imports the flow and loads the spaCy model (and the chart engine), which
it would otherwise do one after the other.

Prefect's own console logging is off unless `--verbose`: a run shows a progress bar on a
terminal, one line per warning, and its summary.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.checks import iso_date, positive_int, run_usage_problem
from pipeline.defaults import DEFAULT_CHARTS, DEFAULT_DB, DEFAULT_PATHS
from pipeline.terminal import printable

if TYPE_CHECKING:  # imported where used: a run with nothing to do never needs them
    from pipeline.runs import RunSummary
    from pipeline.unchanged import Survey

# --- chronicle run ---------------------------------------------------------------------


def add_run(subparsers: Any) -> None:
    run = subparsers.add_parser(
        "run", help="ingest files or folders into the warehouse and draw charts"
    )
    run.add_argument("paths", nargs="*", default=list(DEFAULT_PATHS), help="files or folders")
    run.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB file (default {DEFAULT_DB})")
    run.add_argument("--charts", default=DEFAULT_CHARTS, help=f"chart folder ({DEFAULT_CHARTS})")
    run.add_argument("--batch-size", type=positive_int, default=200, help="documents per task")
    run.add_argument("--model", default=None, help="spaCy model (default: best installed)")
    run.add_argument("--no-charts", action="store_true", help="skip rendering the charts")
    run.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="follow symbolic links that lead outside the given paths",
    )
    run.add_argument(
        "--max-bytes",
        type=positive_int,
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
        type=positive_int,
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
    talk = run.add_mutually_exclusive_group()
    talk.add_argument("--quiet", action="store_true", help="print only warnings and errors")
    talk.add_argument("--verbose", action="store_true", help="also print Prefect's logs")
    run.add_argument("--strict", action="store_true", help="exit 3 when any input was quarantined")
    run.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    if args.address and args.runner != "dask":
        print("chronicle: --address needs --runner dask", file=sys.stderr)
        return 2
    problem = run_usage_problem(args.paths, args.db)
    if problem:
        print(f"chronicle: {problem}", file=sys.stderr)
        return 2
    _configure_prefect_logging(verbose=args.verbose)
    from pipeline.unchanged import record_unchanged, survey

    charts = None if args.no_charts else Path(args.charts)
    surveyed = survey(
        args.paths,
        args.db,
        batch_size=args.batch_size,
        max_bytes=args.max_bytes,
        follow_symlinks=args.follow_symlinks,
        charts=None if charts is None else str(charts),
    )
    if surveyed.files == 0 and not surveyed.rejections:
        where = ", ".join(printable(path) for path in args.paths)
        print(f"chronicle: no documents found in {where}", file=sys.stderr)
        if surveyed.summary is not None:  # an existing warehouse keeps every run's record
            record_unchanged(args.db, surveyed)
        return 3 if args.strict else 0
    if surveyed.current:
        from cli.display import WarningPrinter

        for rejection in surveyed.rejections:
            WarningPrinter().warned(f"quarantined {rejection.path}: {rejection.reason}")
        summary = record_unchanged(args.db, surveyed)
        unchanged = True
    else:
        summary = _run_flow(args, surveyed, charts)
        unchanged = False
    if not args.quiet:
        from cli.display import print_summary

        print_summary(summary, charts, unchanged=unchanged)
    return 3 if args.strict and summary.quarantined_this_run else 0


def _configure_prefect_logging(*, verbose: bool) -> None:
    """Prefect's console output only with --verbose; its logs still reach its API (and so
    the flow run's page in the UI). Set before Prefect is imported, which reads them."""
    if not verbose:
        for handler in ("CONSOLE", "DEBUG"):  # the handlers of Prefect's logging.yml
            os.environ.setdefault(f"PREFECT_LOGGING_HANDLERS_{handler}_LEVEL", "CRITICAL")


def _run_flow(args: argparse.Namespace, surveyed: Survey, charts: Path | None) -> RunSummary:
    """Run the ingest flow; with no Prefect server configured, against a temporary one
    started first, the flow imported and the model loaded while it comes up."""
    from pipeline.prefect_server import flow_api

    listener = _listener(args)
    try:
        with flow_api() as api:
            from flows.ingest import ingest
            from pipeline import nlp, progress, workers

            if charts is not None:  # first: its export process starts while the model loads
                from presentation.dashboard import warm_up

                warm_up()
            flow = ingest
            if args.runner == "dask":
                from flows.tasks import dask_runner

                flow = ingest.with_options(task_runner=dask_runner(args.address))
            else:
                workers.warm_up(nlp.model_name(args.model), surveyed.first_batch_texts)
            if listener is not None:
                progress.listen(listener)
            try:
                with api.flow_run():
                    return flow(
                        paths=args.paths,
                        db=args.db,
                        charts=args.charts,
                        batch_size=args.batch_size,
                        model=args.model,
                        render_charts_after=charts is not None,
                        follow_symlinks=args.follow_symlinks,
                        max_bytes=args.max_bytes,
                        worker_processes=1 if args.runner == "dask" else None,
                        staging_root=args.staging,
                        batches_in_flight=args.batches_in_flight or _default_in_flight(args),
                    )
            finally:
                if listener is not None:
                    progress.forget(listener)
    finally:
        if hasattr(listener, "close"):
            listener.close()


def _listener(args: argparse.Namespace) -> Any:
    """A progress bar on a terminal, else warnings only; nothing of ours with --verbose,
    where Prefect's console log already shows every warning."""
    from cli.display import ProgressBar, WarningPrinter

    if args.verbose:
        return None
    if sys.stderr.isatty() and not args.quiet:
        return ProgressBar()
    return WarningPrinter()


def _default_in_flight(args: argparse.Namespace) -> int:
    """Enough batches to keep every Dask worker busy; two for this machine's pool."""
    if args.runner != "dask":
        return 2
    return 16 if args.address else 2 * (os.cpu_count() or 1)


# --- chronicle extract -----------------------------------------------------------------


def add_extract(subparsers: Any) -> None:
    ex = subparsers.add_parser(
        "extract", help="print one document's events (date, trigger, actors), no database"
    )
    ex.add_argument("file", type=Path)
    ex.add_argument("--published", type=iso_date, help="DCT, YYYY-MM-DD")
    ex.add_argument("--json", action="store_true", help="the whole extraction as JSON")
    ex.add_argument("--model", default=None)
    ex.set_defaults(handler=_extract)


def _extract(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        what = "is not a file" if args.file.exists() else "does not exist"
        print(f"chronicle: {printable(args.file)} {what}", file=sys.stderr)
        return 2
    from pipeline.files import read_file
    from pipeline.nlp import parse_documents
    from pipeline.version import extractor_version
    from transforms.extraction.stages import extract
    from transforms.ingestion.documents import clean
    from transforms.ingestion.sources import parse_source
    from transforms.model import Rejection

    data = read_file(args.file)
    if isinstance(data, Rejection):
        print(f"chronicle: {printable(data.path)}: {printable(data.reason)}", file=sys.stderr)
        return 1
    extractions = []
    for item in parse_source(str(args.file), data):
        if isinstance(item, Rejection):
            print(f"chronicle: {printable(item.path)}: {printable(item.reason)}", file=sys.stderr)
            return 1
        if args.published is not None:
            item = replace(item, meta={**item.meta, "published": args.published.isoformat()})
        document = clean(item)
        if isinstance(document, Rejection):
            print(
                f"chronicle: {printable(document.path)}: {printable(document.reason)}",
                file=sys.stderr,
            )
            return 1
        [parse] = parse_documents([document], args.model)
        extractions.append(extract(document, parse, extractor_version()))
    if args.json:
        outputs = [asdict(extraction) for extraction in extractions]
        result = outputs[0] if len(outputs) == 1 else outputs
        print(json.dumps(result, indent=2, ensure_ascii=False, default=_json_default))
        return 0
    from cli.display import print_extraction

    for extraction in extractions:
        print_extraction(extraction)
    return 0


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
