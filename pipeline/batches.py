"""Planning a run's batches: which files go together.

One document per text across the batches is `transforms.ingestion.identity`'s rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path


def batches(items: Sequence[Path], size: int) -> Iterator[list[Path]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])
