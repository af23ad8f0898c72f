"""Planning a run's batches: which files go together, and one document per text."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from transforms.model import Document


def batches(items: Sequence[Path], size: int) -> Iterator[list[Path]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def first_of_each(documents: list[Document], seen: dict[str, list[str]]) -> list[Document]:
    """One document per text: a copy found under another path only adds that path.

    `seen` maps each doc id met so far in the run to its paths, and is updated here.
    """
    fresh: list[Document] = []
    for document in documents:
        paths = seen.setdefault(document.doc_id, [])
        if not paths:
            fresh.append(document)
        if document.path not in paths:
            paths.append(document.path)
    return fresh
