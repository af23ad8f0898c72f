"""What `chronicle run` and `chronicle extract` print: a progress bar and warnings while a
run goes on, its summary at the end, and one document's events as a table.

Everything that comes from input files (paths, titles, sentences) goes through
`printable` before it reaches the terminal, and into rich only as plain `Text`, never as
markup.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

from pipeline.runs import RunSummary
from pipeline.terminal import printable
from transforms.model import Extraction


def terminal_width() -> int:
    """The terminal's width, or $COLUMNS, or 100 when the output is not a terminal."""
    return shutil.get_terminal_size((100, 24)).columns


class WarningPrinter:
    """Prints a run's warnings on stderr, one line each; ignores progress."""

    def started(self, total: int) -> None:
        pass

    def advanced(self, count: int) -> None:
        pass

    def warned(self, message: str) -> None:
        print(f"chronicle: warning: {printable(message)}", file=sys.stderr)


class ProgressBar:
    """Documents per second and time left, on the terminal, while a run goes on; warnings
    are printed above the bar."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._console = Console(stderr=True)
        self._progress = Progress(
            TextColumn("documents"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=self._console,
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

    def warned(self, message: str) -> None:
        from rich.text import Text

        self._console.print(Text(f"chronicle: warning: {printable(message)}"))

    def close(self) -> None:
        self._progress.stop()


def print_summary(summary: RunSummary, charts: Path | None, *, unchanged: bool = False) -> None:
    """The end of a run: what it did, what the warehouse holds, where to look."""
    totals = summary.totals
    lines = [
        f"Chronicle run {summary.run_id}"
        + (": nothing changed since the last run" if unchanged else ""),
        f"  documents: {summary.documents_seen} seen, {summary.documents_new} new, "
        f"{summary.documents_changed} changed, {summary.documents_skipped} unchanged",
        f"  events written: {summary.events_written}; quarantined this run: "
        f"{summary.quarantined_this_run}",
    ]
    if summary.undated:
        lines.append(
            f"  {summary.undated} document(s) without a publication date: their relative "
            "dates stay unanchored (set `published` in front matter)"
        )
    lines += [
        f"  warehouse totals: {totals.get('documents', 0)} documents, "
        f"{totals.get('events', 0)} events, {totals.get('actors', 0)} actors, "
        f"{totals.get('quarantined', 0)} quarantined",
        f"  database: {printable(summary.database)}",
    ]
    if charts is not None and (charts / "index.html").exists():
        lines.append(f"  charts:   {printable((charts / 'index.html').resolve())}")
    print("\n" + "\n".join(lines))


def print_extraction(extraction: Extraction) -> None:
    """One document's events as a table: date, trigger, actors with their roles, sentence."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    document = extraction.document
    names = {actor.key: actor.name for actor in extraction.actors}
    sentences = {sentence.index: sentence.text for sentence in extraction.sentences}
    published = (
        f"published {document.dct.isoformat()} ({document.dct_basis})"
        if document.dct
        else "no publication date: relative dates stay unanchored (try --published)"
    )
    console = Console(width=terminal_width() if not sys.stdout.isatty() else None)
    console.print(
        Text(
            f"{printable(document.title or document.path)}: {published}; "
            f"{len(extraction.events)} events, {len(extraction.actors)} actors, "
            f"{len(extraction.timexes)} time expressions"
        )
    )
    table = Table(show_lines=False, expand=False, header_style="bold")
    for heading, ratio in (("date", None), ("trigger", None), ("actors", 2), ("sentence", 5)):
        table.add_column(heading, ratio=ratio, overflow="fold")
    for event in extraction.events:
        actors = ", ".join(
            f"{names.get(p.actor_key, p.actor_key)} ({p.role})" for p in event.participants
        )
        cells: list[Any] = [
            event.date.value or "undated",
            event.trigger,
            actors,
            " ".join(sentences.get(event.sentence_index, "").split()),
        ]
        table.add_row(*(Text(printable(cell)) for cell in cells))
    console.print(table)
