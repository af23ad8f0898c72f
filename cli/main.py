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
import os
import sys

from cli import evaluation_commands, pipeline_commands, warehouse_commands


def main(argv: list[str] | None = None) -> int:
    # Prefect's local server would otherwise send usage telemetry from every run.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the CLI's last line of defence: one readable line, exit 1
        print(f"chronicle: error: {exc}", file=sys.stderr)
        return 1


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
    return parser


if __name__ == "__main__":
    sys.exit(main())
