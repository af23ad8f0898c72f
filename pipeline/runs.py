"""What a run did, as the CLI prints it and the Prefect artifact shows it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RunSummary:
    run_id: str
    database: str
    charts: list[str]
    documents_seen: int = 0
    documents_new: int = 0
    documents_changed: int = 0
    documents_skipped: int = 0
    events_written: int = 0
    quarantined_this_run: int = 0
    undated: int = 0  # documents extracted without a publication date
    totals: dict[str, int] = field(default_factory=dict)


def summary_markdown(summary: RunSummary) -> str:
    totals = summary.totals
    rows = [
        ("documents seen this run", summary.documents_seen),
        ("new", summary.documents_new),
        ("changed", summary.documents_changed),
        ("unchanged (skipped)", summary.documents_skipped),
        ("events written", summary.events_written),
        ("quarantined this run", summary.quarantined_this_run),
        ("extracted without a publication date", summary.undated),
        ("documents in warehouse", totals.get("documents", 0)),
        ("events in warehouse", totals.get("events", 0)),
        ("actors in warehouse", totals.get("actors", 0)),
        ("quarantine rows", totals.get("quarantined", 0)),
    ]
    table = "\n".join(f"| {name} | {value} |" for name, value in rows)
    charts = "\n".join(f"- `{c}`" for c in summary.charts) or "- (charts not rendered)"
    return (
        f"# Chronicle run `{summary.run_id}`\n\n| | |\n|---|---|\n{table}\n\n"
        f"Warehouse: `{summary.database}`\n\nCharts:\n{charts}\n"
    )
