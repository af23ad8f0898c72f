"""`chronicle export`: the warehouse's events as TimelineJS JSON, CSV, Parquet or JSON Lines.

The I/O side only: filters are bound into `warehouse/queries/export_events.sql`, rows are
turned into documents by `transforms/exports.py`, and Parquet is written by DuckDB itself
(`COPY ... PARTITION_BY (year)`), so a large export never passes through Python.
The warehouse is opened read-only, so an export can run while nothing else writes.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.defaults import DEFAULT_DB

FORMATS = ("timelinejs", "csv", "parquet", "jsonl")
_QUERY = "export_events"


def export(
    db: Path,
    fmt: str,
    out: Path,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> int:
    """Write the events matching the filters to `out`; return how many were written.

    TimelineJS leaves undated events out (it cannot place them), so its count can be lower
    than the other formats'. Parquet writes a folder of `year=YYYY/` partitions (undated
    events under `year=__HIVE_DEFAULT_PARTITION__/`) and refuses a folder that already
    holds files, rather than mixing two exports or deleting what is there.
    """
    from presentation.exports import csv_lines, jsonl_lines, timelinejs
    from warehouse import store

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if since and until and since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    if not Path(db).exists():
        raise FileNotFoundError(f"no warehouse at {db}: run `chronicle run` first")
    params: dict[str, Any] = {"actor": actor, "since": since, "until": until}
    with store.connect(db, read_only=True) as con:
        if fmt == "parquet":
            if out.exists() and (not out.is_dir() or any(out.iterdir())):
                raise FileExistsError(f"{out} exists and is not an empty folder")
            # The query text is a constant from the queries folder; every value is bound.
            sql = (store.QUERY_DIR / f"{_QUERY}.sql").read_text(encoding="utf-8")
            sql = sql.strip().rstrip(";")
            written = con.execute(
                f"COPY ({sql}) TO $out (FORMAT parquet, PARTITION_BY (year))",
                {**params, "out": str(out)},
            ).fetchone()
            return int(written[0]) if written else 0
        rows = store.fetch(con, _QUERY, **params)

    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "timelinejs":
        document = timelinejs(rows, headline=_headline(actor, since, until))
        out.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        return len(document["events"])
    lines = jsonl_lines(rows) if fmt == "jsonl" else csv_lines(rows)
    # newline="" so the csv module's own line ends are written as they are.
    with out.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(lines)
    return len(rows)


def _headline(actor: str | None, since: date | None, until: date | None) -> str:
    parts = ["Chronicle timeline"]
    if actor:
        parts.append(f"with {actor}")
    if since or until:
        parts.append(f"from {since or 'the start'} to {until or 'the end'}")
    return " ".join(parts)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def add_export_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `chronicle export` to the CLI's subparsers (`flows/cli.py` calls this)."""
    parser = subparsers.add_parser(
        "export",
        help="write the events as TimelineJS JSON, CSV, Parquet or JSON Lines",
        description="Write the warehouse's events, optionally filtered, in one format. "
        "Parquet writes a folder partitioned by year.",
    )
    parser.add_argument("--db", type=Path, default=Path(DEFAULT_DB), help=f"({DEFAULT_DB})")
    parser.add_argument("--format", dest="fmt", required=True, choices=FORMATS)
    parser.add_argument("--actor", help="only events naming this actor (name or key)")
    parser.add_argument("--since", type=_iso_date, help="only events on or after YYYY-MM-DD")
    parser.add_argument("--until", type=_iso_date, help="only events on or before YYYY-MM-DD")
    parser.add_argument("--out", type=Path, required=True, help="file, or folder for parquet")
    parser.set_defaults(handler=run_export)
    return parser


def run_export(args: argparse.Namespace) -> int:
    """The `export` command's handler: exit 0 done, 2 for contradictory dates."""
    if args.since and args.until and args.since > args.until:
        print(f"chronicle: --since {args.since} is after --until {args.until}", file=sys.stderr)
        return 2
    written = export(args.db, args.fmt, args.out, args.actor, args.since, args.until)
    print(f"wrote {written} events to {args.out}")
    return 0
