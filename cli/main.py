"""The `chronicle` command: its parser, and the dispatch to each verb's handler.

Every verb is registered below, in the order `chronicle --help` lists them; its options
and its code sit together in one module per group of verbs:

    run, extract                   cli/pipeline_commands.py    the extractor over files
    status, sql, timeline,         cli/warehouse_commands.py   reading the warehouse
      summarize, export
    semeval2015, evaluate, timeml  cli/evaluation_commands.py  scores on annotated corpora

Exit codes: 0 done, 1 failed, 2 usage error, 3 done but some input was quarantined (only
with `chronicle run --strict`).
"""

from __future__ import annotations

import argparse
import difflib
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from cli import evaluation_commands, pipeline_commands, warehouse_commands
from pipeline.terminal import printable


def main(argv: list[str] | None = None) -> int:
    # Prefect's local server would otherwise send usage telemetry from every run.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    parser = build_parser()
    arguments = sys.argv[1:] if argv is None else argv
    mistyped = _unknown_command(parser, arguments)
    if mistyped:
        print(f"chronicle: {mistyped}", file=sys.stderr)
        return 2
    args = parser.parse_args(arguments)
    # SIGTERM unwinds like Ctrl-C, so a stopped run closes its `runs` row and stops the
    # Prefect server it started, instead of dying where it stands. Only the main thread may
    # set a handler: a caller running `main` in a thread of its own keeps its own.
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if in_main_thread else None
    _terminating.clear()
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Terminated:
        return 143
    except Exception as exc:  # the CLI's last line of defence: one readable line, exit 1
        if _terminating.is_set():
            # Unwinding from SIGTERM, a library's own cleanup raised instead (Prefect's
            # "Task run is not set" when the signal lands as a task starts): still a stop.
            return 143
        print(f"chronicle: error: {one_line(exc)}", file=sys.stderr)
        return 1
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


class Terminated(BaseException):
    """SIGTERM arrived: unwind (running every `finally`) and exit 143."""


# Set once SIGTERM arrived: the run ends as stopped whatever the unwinding raises.
_terminating = threading.Event()


def _terminated(signum: int, frame: FrameType | None) -> None:
    _terminating.set()
    raise Terminated


def one_line(error: BaseException) -> str:
    """An error as one line: DuckDB's messages add the query, a caret and hints on lines of
    their own; the first line says what is wrong, a "Did you mean" hint is kept beside it."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    hints = [line for line in lines[1:] if line.lower().startswith("did you mean")]
    return printable(" ".join([lines[0], *hints[:1]]))


def _unknown_command(parser: argparse.ArgumentParser, arguments: Sequence[str]) -> str | None:
    """The error for a first word that is no command, with the nearest commands, or None."""
    if not arguments or arguments[0].startswith("-"):
        return None
    commands: list[str] = parser.get_default("commands")
    word = arguments[0]
    if word in commands:
        return None
    near = difflib.get_close_matches(word, commands, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in near)}?" if near else ""
    return (
        f"unknown command {printable(repr(word))}{hint} "
        f"(commands: {', '.join(commands)}; see `chronicle --help`)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chronicle", description="News documents in; a timeline of who did what, when, out."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    pipeline_commands.add_run(sub)
    warehouse_commands.add_status(sub)
    warehouse_commands.add_sql(sub)
    pipeline_commands.add_extract(sub)
    warehouse_commands.add_timeline(sub)
    warehouse_commands.add_summarize(sub)
    evaluation_commands.add_semeval2015(sub)
    evaluation_commands.add_evaluate(sub)
    warehouse_commands.add_export(sub)
    evaluation_commands.add_timeml(sub)
    parser.set_defaults(commands=list(sub.choices))
    return parser


if __name__ == "__main__":
    sys.exit(main())
