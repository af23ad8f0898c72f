"""Planning a run's batches: which files go together, and what the warehouse still needs
of each batch.

One document per text across the batches is `transforms.ingestion.identity`'s rule.
`plan_batch` and `BatchPlan.check` are the one statement of "this batch changes nothing":
the `ingest` flow asks it of every batch before extracting, and `pipeline.unchanged` asks
it of every batch before a run imports Prefect at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from transforms.ingestion.identity import one_document_per_text
from transforms.model import Document
from warehouse import freshness


def batches(items: Sequence[Path], size: int) -> Iterator[list[Path]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


@dataclass
class BatchPlan:
    """One batch's documents as the run will load them.

    `fresh` are the texts met for the first time in this run; `paths` maps every text of
    the batch to every path it was found under so far (copies in earlier batches
    included); `holdings` maps each path read to the texts it holds now. `check` fills
    `todo` (texts to extract) and `current` (nothing to extract or record at all).
    """

    documents: list[Document]
    fresh: list[Document]
    paths: dict[str, list[str]]
    holdings: dict[str, list[str]]
    todo: list[Document] = field(default_factory=list)
    current: bool = False

    @property
    def skipped(self) -> int:
        """Fresh texts the warehouse already holds as they are."""
        return len(self.fresh) - len(self.todo)

    def check(self, con: duckdb.DuckDBPyConnection, extractor_version: str) -> BatchPlan:
        """Ask the warehouse which texts need extracting and whether the batch is current:
        every text stored at this extractor version and every (text, path) pair recorded."""
        self.todo = freshness.documents_needing_extraction(con, self.fresh, extractor_version)
        self.current = not self.todo and freshness.sources_current(con, self.paths, self.holdings)
        return self


def plan_batch(documents: list[Document], seen: dict[str, list[str]]) -> BatchPlan:
    """The plan of a batch just read; `seen` is the run's map of texts to paths so far."""
    fresh = one_document_per_text(documents, seen)
    holdings: dict[str, list[str]] = {}
    for document in documents:
        holdings.setdefault(document.path, []).append(document.doc_id)
    return BatchPlan(
        documents=documents,
        fresh=fresh,
        paths={d.doc_id: seen[d.doc_id] for d in documents},
        holdings=holdings,
    )
