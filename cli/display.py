"""What `chronicle run` and `chronicle extract` print: a progress bar and warnings while a
run goes on, its summary at the end, and one document's events as a table.

Everything that comes from input files (paths, titles, sentences) goes through
`printable` before it reaches the terminal, and into rich only as plain `Text`, never as
markup.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
import time
from decimal import Decimal
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
        # Written, not print()ed: inside a flow run Prefect's `log_prints` turns print()
        # calls into log records, which only --verbose shows.
        sys.stderr.write(f"chronicle: warning: {printable(message)}\n")
        sys.stderr.flush()


class ProgressBar:
    """Files done, files per second and time left, on the terminal, while a run goes on
    (from its start: the bar pulses while Prefect's server starts); warnings are printed
    above the bar."""

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
            TextColumn("files"),
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
        self._progress.update(self._task, advance=count, rate=f"{self._done / elapsed:.1f} files/s")

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


MAX_CELL = 48  # characters of one cell before it is cut
MIN_CUT_CELL = 12  # a last column that would be narrower than this is left out, not cut


def print_table(
    columns: list[str], rows: list[tuple[Any, ...]], *, width: int, more_rows: bool = False
) -> None:
    """A query's result as aligned columns, as many as fit in `width`, left to right (a
    table's first columns are the ones people read first: `timeline` puts date, actor,
    role, trigger, type and sentence there). Long cells are cut with an ellipsis; the
    columns that do not fit are named below the table."""
    cells = [[_cell(value) for value in row] for row in rows]
    natural = [
        min(MAX_CELL, max([len(name)] + [len(row[i]) for row in cells]))
        for i, name in enumerate(columns)
    ]
    shown = _fitting(natural, width)
    numeric = [
        all(isinstance(row[i], int | float | Decimal) for row in rows if row[i] is not None)
        for i in range(len(shown))
    ]
    lines = [_line([printable(name) for name in columns], shown, [False] * len(shown))]
    lines.append("  ".join("─" * column_width for column_width in shown))
    lines += [_line(row, shown, numeric) for row in cells]
    print("\n".join(line.rstrip() for line in lines))
    footer = _plural(len(rows), "row") + (" shown; there are more" if more_rows else "")
    hidden = columns[len(shown) :]
    if hidden:
        footer += (
            f"; {_plural(len(hidden), 'more column')} not shown: {', '.join(hidden)} "
            "(name them in the SELECT, or widen the terminal)"
        )
    print(textwrap.fill(footer, width=max(width, 20), break_on_hyphens=False))


def _fitting(natural: list[int], width: int) -> list[int]:
    """The widths of the columns that fit, from the left; the last one may be cut."""
    shown: list[int] = []
    used = 0
    for natural_width in natural:
        gap = 2 if shown else 0
        room = width - used - gap
        if natural_width <= room:
            shown.append(natural_width)
        elif room >= MIN_CUT_CELL or not shown:
            shown.append(max(1, room))
        else:
            break
        used += gap + shown[-1]
        if shown[-1] < natural_width:
            break
    return shown


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    return printable(value if isinstance(value, str) else str(value))


def _line(values: list[str], widths: list[int], right: list[bool]) -> str:
    parts = []
    for value, width, align_right in zip(values, widths, right, strict=False):
        text = value if len(value) <= width else value[: max(0, width - 1)] + "…"
        parts.append(text.rjust(width) if align_right else text.ljust(width))
    return "  ".join(parts)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
