"""Helpers shared by the ingestion tests: reading literal inputs and looking into documents."""

from __future__ import annotations

from pathlib import Path

from transforms.ingestion.documents import clean
from transforms.ingestion.sources import parse_source
from transforms.model import Document, Rejection, SourceText

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "reuters-2025-05-09-kim-russia-embassy.md"


def one(results: list[SourceText | Rejection]) -> SourceText | Rejection:
    assert len(results) == 1, results
    return results[0]


def cleaned(text: str, **meta: str) -> Document:
    document = clean(SourceText(path="doc.txt", text=text, meta=meta))
    assert isinstance(document, Document), document
    return document


def content_text(document: Document) -> str:
    return "\n".join(document.text[span.start : span.end] for span in document.content)


def in_content(document: Document, needle: str) -> bool:
    start = document.text.index(needle)
    end = start + len(needle)
    return any(span.start <= start and end <= span.end for span in document.content)


def overlaps_content(document: Document, needle: str) -> bool:
    start = document.text.index(needle)
    end = start + len(needle)
    return any(span.start < end and start < span.end for span in document.content)


def documents_and_rejections(path: str, data: bytes) -> tuple[list[Document], list[Rejection]]:
    documents: list[Document] = []
    rejections: list[Rejection] = []
    for item in parse_source(path, data):
        result = clean(item) if isinstance(item, SourceText) else item
        (documents if isinstance(result, Document) else rejections).append(result)
    return documents, rejections
