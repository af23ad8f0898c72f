"""RSS 2.0 and Atom feeds: one source text per item, its date kept as written for the DCT.

feedparser does the parsing, but it is only ever handed bytes in a stream: given a string it
would treat it as a URL to fetch or a filename to open, and a document must never be used as
either. The text reaches it already decoded by `transforms.ingestion.encoding` and re-encoded as
UTF-8 with a matching XML declaration, so every format shares one encoding policy.

Well-formedness is strict: a feed that is not well-formed XML is quarantined as a whole rather
than half-read, because feedparser's lenient fallback silently drops or truncates the items near
the error. The one exception is common enough to forgive: HTML named entities such as
``&nbsp;`` (undefined in XML, used by many feed generators) are replaced by the characters they
name before parsing.
"""

from __future__ import annotations

import html.entities
import io
import re
import xml.parsers.expat
import xml.sax
from typing import Any

from transforms.ingestion.readers.html import fragment_to_text
from transforms.model import Rejection, SourceText

FEED_SUFFIXES: frozenset[str] = frozenset({".rss", ".atom", ".xml"})

_XML_DECLARATION = re.compile(r"\A[ \t\r\n]*<\?xml[^>]*\?>")
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{0,31});")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_PLAIN_TYPES = frozenset({"text/plain", "text"})


def parse_feed(path: str, text: str) -> list[SourceText | Rejection]:
    """Split a decoded RSS or Atom document into items; a bad item rejects only itself."""
    if not text.strip():
        return [Rejection(path, "the feed file is empty", "empty")]
    data = _as_utf8_xml(text)
    malformed = _well_formedness_error(data)
    if malformed is not None:
        message, line, column = malformed
        return [
            Rejection(
                path,
                f"the feed is not well-formed XML: {message} at line {line}, column {column}",
                "bad_feed",
                line=line,
            )
        ]
    # Imported here: feedparser takes 0.14 s to import, which every `chronicle` command
    # would pay, and most runs read no feed.
    import feedparser

    parsed = feedparser.parse(
        io.BytesIO(data),
        resolve_relative_uris=False,  # relative links stay as written: nothing is resolved
        sanitize_html=True,
    )
    error = parsed.get("bozo_exception")
    if isinstance(error, xml.sax.SAXParseException):  # expat accepted it; feedparser did not
        return [Rejection(path, f"the feed could not be parsed: {error.getMessage()}", "bad_feed")]
    if not parsed.get("version"):
        return [
            Rejection(
                path,
                "the XML is not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)",
                "bad_feed",
            )
        ]
    entries = parsed.get("entries") or []
    if not entries:
        return [Rejection(path, "the feed has no items", "empty")]
    feed = parsed.get("feed") or {}
    shared = {
        "source": _text(feed.get("title")),
        "language": _text(feed.get("language")),
        "format": str(parsed.get("version")),
    }
    return [_item(path, index, entry, shared) for index, entry in enumerate(entries, start=1)]


class _DoctypeSubset(Exception):
    """Raised from the expat handler when a DOCTYPE declares entities of its own."""


def _well_formedness_error(data: bytes) -> tuple[str, int, int] | None:
    """Check the bytes with expat, for the file's real line numbers (feedparser rewrites the
    text before parsing, so its error positions are shifted).

    A DOCTYPE with an internal subset is refused: feeds have no use for entity declarations,
    and they are the vehicle of entity-expansion and external-entity attacks.
    """
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(name: str, system_id: str | None, public_id: str | None, subset: int) -> None:
        if subset:
            raise _DoctypeSubset

    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        message = xml.parsers.expat.ErrorString(error.code) or str(error)
        return message, error.lineno, error.offset
    except _DoctypeSubset:
        line = parser.CurrentLineNumber
        return "a DOCTYPE with its own entity declarations is not accepted", line, 0
    return None


def _as_utf8_xml(text: str) -> bytes:
    """The document as UTF-8 bytes declared as UTF-8, with HTML named entities resolved.

    The declaration replaces the original one in place, so line numbers in parser errors are
    the file's own.
    """
    body = _XML_DECLARATION.sub("", text.lstrip("\ufeff"), count=1)
    body = _NAMED_ENTITY.sub(_resolve_entity, body)
    return b'<?xml version="1.0" encoding="utf-8"?>' + body.encode("utf-8")


def _resolve_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    codepoint = html.entities.name2codepoint.get(name)
    return f"&#{codepoint};" if codepoint is not None else match.group(0)


def _item(
    path: str, index: int, entry: Any, shared: dict[str, str | None]
) -> SourceText | Rejection:
    body = _item_text(entry)
    if not body.strip():
        return Rejection(
            path, f"feed item {index} has no text (no content or description)", "empty", line=index
        )
    meta = {
        "title": _text(entry.get("title")),
        "url": _text(entry.get("link")),
        "byline": _text(entry.get("author")),
        "id": _text(entry.get("id")),
        # The item's own date as written: `parse_published` (ingestion) reads RFC 822 and
        # RFC 3339 alike and keeps the calendar day of the stated offset.
        "published": _text(entry.get("published") or entry.get("updated")),
        **shared,
    }
    return SourceText(
        path=path,
        text=body + "\n",
        meta={key: value for key, value in meta.items() if value},
        line=index,
    )


def _item_text(entry: Any) -> str:
    """The fullest body an item offers: its content if any, else its summary/description."""
    candidates: list[tuple[str, str]] = []
    for content in entry.get("content") or []:
        value = content.get("value") if isinstance(content, dict) else None
        if isinstance(value, str) and value.strip():
            candidates.append((value, str(content.get("type") or "text/html")))
    summary = entry.get("summary")
    if not candidates and isinstance(summary, str) and summary.strip():
        detail = entry.get("summary_detail") or {}
        candidates.append((summary, str(detail.get("type") or "text/html")))
    texts = [_to_text(value, kind) for value, kind in candidates]
    return max(texts, key=len, default="")


def _to_text(value: str, kind: str) -> str:
    return fragment_to_text(value, plain=kind.lower() in _PLAIN_TYPES)


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None
