"""Building documents by hand for tests."""

from __future__ import annotations

import hashlib
from datetime import date

from transforms.model import Document, Span


def make_document(
    text: str, dct: date | None, *, content: tuple[Span, ...] | None = None
) -> Document:
    return Document(
        doc_id=hashlib.sha256(text.encode()).hexdigest()[:16],
        text=text,
        content=content if content is not None else (Span(0, len(text)),),
        title=None,
        source=None,
        url=None,
        language="en",
        byline=None,
        place=None,
        dct=dct,
        dct_basis="metadata" if dct else "none",
        path="test.txt",
    )
