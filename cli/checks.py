"""Usage errors caught before any work starts: each is one line and exit 2, and nothing is
left behind (no warehouse, lock file or staging folder for a run that cannot start).

argparse calls the option types below while it parses, so a bad number is reported the
way every other bad option is; `run_usage_problem` checks what argparse cannot: that the
input paths exist and that the warehouse can be written where `--db` says.
"""

from __future__ import annotations

import argparse
import errno
import os
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pipeline.terminal import printable


def positive_int(text: str) -> int:
    """An option that counts something: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def iso_date(text: str) -> date:
    """A calendar date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def run_usage_problem(paths: Sequence[str], db: str) -> str | None:
    """Why `chronicle run` cannot start with these paths and warehouse, or None."""
    for raw in paths:
        if not os.path.lexists(raw):
            return f"no such file or directory: {printable(raw)}"
    return warehouse_problem(db)


def warehouse_problem(db: str) -> str | None:
    """Why a warehouse cannot be created or written at `db`, or None.

    Probes without leaving anything: an existing file is opened for update and closed; for
    a new one, a scratch file is created (and removed at once) in the nearest folder that
    exists, which is where the warehouse's folders, lock and staging would go.
    """
    path = Path(db)
    shown = printable(db)
    if path.is_dir():
        return (
            f"--db {shown} is a directory; give a file, e.g. {shown.rstrip('/')}/chronicle.duckdb"
        )
    if path.exists():
        try:
            with path.open("r+b"):
                pass
        except OSError as error:
            return f"--db {shown} cannot be written: {_reason(error)}"
        return None
    folder = path.absolute().parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        return f"--db {shown}: {printable(folder)} is not a directory"
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".chronicle-probe-"):
            pass
    except OSError as error:
        return f"--db {shown} cannot be created in {printable(folder)}: {_reason(error)}"
    return None


def _reason(error: OSError) -> str:
    if error.errno == errno.EROFS:
        return "read-only file system"
    if error.errno == errno.ENOENT:  # the folder exists: its file system takes no new files
        return "files cannot be created there"
    return error.strerror or str(error)
