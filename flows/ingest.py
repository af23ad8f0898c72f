"""Finding input files and turning their bytes into documents or quarantine records.

This is the I/O side of ingestion: the parsing and cleaning rules are pure functions in
`transforms/documents.py`; here files are found, read and handed to them, and anything
that goes wrong becomes a `Rejection` rather than an exception that would stop the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prefect import task

from transforms.documents import clean, parse_source
from transforms.model import Document, Rejection, SourceText


def discover_files(paths: Sequence[str]) -> tuple[list[Path], list[Rejection]]:
    """Every regular, non-hidden file under the given files and directories, in a stable order."""
    files: list[Path] = []
    missing: list[Rejection] = []
    for raw in paths:
        root = Path(raw).absolute()
        if root.is_file():
            files.append(root)
        elif root.is_dir():
            files.extend(
                p
                for p in sorted(root.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(root).parts)
            )
        else:
            missing.append(Rejection(str(root), "path does not exist", "missing_path"))
    return files, missing


@task(retries=2, retry_delay_seconds=1)
def read_documents(files: list[Path]) -> tuple[list[Document], list[Rejection]]:
    """Read and clean a batch of files; a bad file becomes a rejection, never an exception."""
    documents: list[Document] = []
    rejections: list[Rejection] = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            rejections.append(Rejection(str(path), f"cannot read file: {exc}", "read_error"))
            continue
        for item in parse_source(str(path), data):
            if isinstance(item, Rejection):
                rejections.append(item)
                continue
            cleaned = clean(item) if isinstance(item, SourceText) else item
            (rejections if isinstance(cleaned, Rejection) else documents).append(cleaned)
    return documents, rejections
