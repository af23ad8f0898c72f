"""The verbs that read the warehouse: `status`, `sql`, `timeline`, `summarize` and `export`.

Each opens the warehouse only through `warehouse.lock.open_warehouse` (the export inside
`presentation.exports.export`), the lock every run and flow takes, so a reader waits for
a run's batch to commit instead of failing on DuckDB's own lock, and a run waits for it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cli.checks import iso_date, positive_int
from pipeline.defaults import DEFAULT_DB
from pipeline.terminal import printable
from presentation.exports import FORMATS


def _no_warehouse(db: str | Path) -> bool:
    """True, with the message that says what to do, when there is no warehouse at `db`."""
    if Path(db).exists():
        return False
    print(f"chronicle: no warehouse at {printable(db)}: run `chronicle run` first", file=sys.stderr)
    return True


# --- chronicle status ------------------------------------------------------------------


def add_status(subparsers: Any) -> None:
    status = subparsers.add_parser("status", help="the last runs and the warehouse's counts")
    status.add_argument("--db", default=DEFAULT_DB)
    status.add_argument("--runs", type=positive_int, default=10, help="how many runs to list")
    status.set_defaults(handler=_status)


def _status(args: argparse.Namespace) -> int:
    from warehouse import reads
    from warehouse.lock import open_warehouse

    if _no_warehouse(args.db):
        return 1
    with open_warehouse(args.db, read_only=True) as con:
        totals = reads.counts(con)
        runs = reads.fetch(con, "recent_runs", limit=args.runs)
    print(
        f"{printable(args.db)}: {totals['documents']} documents ({totals['sources']} sources), "
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


# --- chronicle sql ---------------------------------------------------------------------


def add_sql(subparsers: Any) -> None:
    sql = subparsers.add_parser(
        "sql",
        help="run a SQL query against the warehouse and print a table",
        description="Run one SQL query (DuckDB's dialect) and print its result as a table "
        "as wide as the terminal: the first columns that fit, the others named below it. "
        "The README's query cookbook has examples.",
    )
    sql.add_argument("query")
    sql.add_argument("--db", default=DEFAULT_DB)
    sql.add_argument("--write", action="store_true", help="open for writing (read-only by default)")
    sql.add_argument(
        "--max-rows", type=positive_int, default=1000, help="rows to print at most (1000)"
    )
    sql.add_argument(
        "--files",
        action="append",
        default=[],
        metavar="DIR",
        help="let the query read and write files under DIR (repeatable); by default it "
        "reaches the warehouse and nothing else: no files, ATTACH, extensions or network",
    )
    sql.set_defaults(handler=_sql)


def _sql(args: argparse.Namespace) -> int:
    from cli.display import print_table, terminal_width
    from warehouse.connection import Sandbox
    from warehouse.lock import open_warehouse

    if _no_warehouse(args.db):
        return 1
    sandbox = Sandbox(directories=tuple(args.files))
    with open_warehouse(args.db, read_only=not args.write, sandbox=sandbox) as con:
        relation = con.sql(args.query)
        if relation is None:  # a statement with no result (with --write)
            return 0
        columns = list(relation.columns)
        rows = relation.limit(args.max_rows + 1).fetchall()
    more = len(rows) > args.max_rows
    print_table(columns, rows[: args.max_rows], width=terminal_width(), more_rows=more)
    return 0


# --- chronicle timeline ----------------------------------------------------------------


def add_timeline(subparsers: Any) -> None:
    timeline = subparsers.add_parser("timeline", help="the ordered events of one actor")
    timeline.add_argument("entity", help="name, key or alias, e.g. 'Putin'")
    timeline.add_argument("--db", default=DEFAULT_DB)
    timeline.add_argument(
        "--key", action="store_true", help="only key events (the 1-3 an editor would show)"
    )
    timeline.set_defaults(handler=_timeline)


def _timeline(args: argparse.Namespace) -> int:
    from warehouse import reads
    from warehouse.lock import open_warehouse

    if _no_warehouse(args.db):
        return 1
    with open_warehouse(args.db, read_only=True) as con:
        rows = reads.entity_timeline(con, args.entity, key_only=args.key)
    if not rows:
        print(f"chronicle: no events for {printable(repr(args.entity))}", file=sys.stderr)
        return 1
    for row in rows:
        when = row["date_value"] or "undated"
        title = printable(row["title"] or row["doc_id"])[:40]
        sentence = printable(" ".join(row["sentence"].split()))
        print(
            f"{when:<12} {row['role']:<9} {printable(row['trigger']):<16} "
            f"{row['event_type'] or '':<10} {title}  | {sentence}"
        )
    return 0


# --- chronicle summarize --------------------------------------------------------------

SUMMARY_FORMATS = ("text", "json", "timelinejs")


def add_summarize(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "summarize",
        help="the key dates of the corpus or a slice, each with the sentences that tell it",
        description="Select the key dates of the warehouse's documents (or of a slice: a "
        "story group, an actor, a keyword query, a range of publication dates) and, for "
        "each, the sentences that best say what happened that day, with where they were "
        "read. --since/--until bound the dates; any article may tell them (a later one "
        "looking back included).",
    )
    parser.add_argument("--db", default=DEFAULT_DB, help=f"({DEFAULT_DB})")
    slice_ = parser.add_mutually_exclusive_group()
    slice_.add_argument("--story", help="a story group's id (`story_group` in the timeline)")
    slice_.add_argument("--actor", help="an actor's name, key or alias, e.g. 'Putin'")
    slice_.add_argument("--query", help="words every article of the slice contains")
    parser.add_argument("--since", type=iso_date, help="first key date, YYYY-MM-DD")
    parser.add_argument("--until", type=iso_date, help="last key date, YYYY-MM-DD")
    parser.add_argument("--dates", type=positive_int, default=20, help="how many dates (20)")
    parser.add_argument(
        "--sentences",
        type=positive_int,
        default=2,
        help="sentences per date at most (2); the last quarter of the dates half as many",
    )
    parser.add_argument("--format", dest="fmt", choices=SUMMARY_FORMATS, default="text")
    parser.add_argument("--out", type=Path, help="write to this file instead of the terminal")
    parser.set_defaults(handler=_summarize)


def _summarize(args: argparse.Namespace) -> int:
    """Exit 0 done (an empty timeline included), 1 without a warehouse, 2 for reversed dates."""
    import json

    from presentation.key_dates import summary_json, summary_text, summary_timelinejs
    from transforms.summarization.scope import Scope
    from warehouse import summaries
    from warehouse.lock import open_warehouse

    if args.since and args.until and args.since > args.until:
        print(f"chronicle: --since {args.since} is after --until {args.until}", file=sys.stderr)
        return 2
    if _no_warehouse(args.db):
        return 1
    scope = Scope(
        story=args.story, actor=args.actor, query=args.query, since=args.since, until=args.until
    )
    with open_warehouse(args.db, read_only=True) as con:
        summary = summaries.summary_of(con, scope, args.dates, args.sentences)
        documents = summaries.documents_of(con, summary)
    if args.fmt == "text":
        output = summary_text(summary, documents)
    else:
        data = (
            summary_json(summary, documents)
            if args.fmt == "json"
            else summary_timelinejs(summary, documents, headline=f"Key dates: {summary.scope}")
        )
        output = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if args.out is None:
        sys.stdout.write(output)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(output, encoding="utf-8")
        print(f"wrote {len(summary.dates)} key dates to {args.out}")
    return 0


# --- chronicle export ------------------------------------------------------------------


def add_export(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the events as TimelineJS JSON, CSV, Parquet or JSON Lines",
        description="Write the warehouse's events, optionally filtered, in one format. "
        "Parquet writes a folder partitioned by year.",
    )
    parser.add_argument("--db", type=Path, default=Path(DEFAULT_DB), help=f"({DEFAULT_DB})")
    parser.add_argument("--format", dest="fmt", required=True, choices=FORMATS)
    parser.add_argument("--actor", help="only events naming this actor (name or key)")
    parser.add_argument("--since", type=iso_date, help="only events on or after YYYY-MM-DD")
    parser.add_argument("--until", type=iso_date, help="only events on or before YYYY-MM-DD")
    parser.add_argument(
        "--key",
        action="store_true",
        help="only key events (the 1-3 of a document an editor would show)",
    )
    parser.add_argument("--out", type=Path, required=True, help="file, or folder for parquet")
    parser.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    """Exit 0 done, 2 for contradictory dates."""
    from presentation.exports import export

    if args.since and args.until and args.since > args.until:
        print(f"chronicle: --since {args.since} is after --until {args.until}", file=sys.stderr)
        return 2
    written = export(
        args.db, args.fmt, args.out, args.actor, args.since, args.until, key_only=args.key
    )
    print(f"wrote {written} events to {printable(args.out)}")
    return 0
