"""A document is its text: the same normalised text is one document, whatever paths it came by.

This is the one place that says so. `normalise_text` fixes what "the same text" means,
`document_id` names it, and `first_found_at` / `one_document_per_text` keep one document per
text while recording every path it was found under: within a batch, across a run's batches,
and (through the paths the flow hands it) in the warehouse's `sources` table.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable

from transforms.model import Document

# The doc id is the full sha256 hex digest of the normalised text: ids are shared between runs and
# across the warehouse, so a shortened digest would trade safety for nothing we need.
DOC_ID_HEX_LENGTH = 64


def normalise_text(text: str) -> str:
    """The text offsets refer to: NFC, Unix newlines, no BOM and no trailing whitespace.

    Only these changes are made, so the stored text still reads as the author wrote it and the
    same article saved with CRLF or from another file gets the same doc id.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\ufeff").rstrip()


def document_id(normalised_text: str) -> str:
    """Hash of the text only, so re-ingesting an article under another name or path dedupes."""
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()[:DOC_ID_HEX_LENGTH]


def first_found_at(paths: dict[str, list[str]], doc_id: str, path: str) -> bool:
    """Record that the text `doc_id` was found at `path`; True if the text was not met before.

    `paths` maps each doc id met so far to the paths its text was found under, first path
    first, each once.
    """
    found = paths.setdefault(doc_id, [])
    first = not found
    if path not in found:
        found.append(path)
    return first


def one_document_per_text(
    documents: Iterable[Document], paths: dict[str, list[str]]
) -> list[Document]:
    """The first document of each text not met before; a copy under another path only adds
    that path to `paths` (see `first_found_at`). Pass the same `paths` for a whole run."""
    return [
        document for document in documents if first_found_at(paths, document.doc_id, document.path)
    ]
