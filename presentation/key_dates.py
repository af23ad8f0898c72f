"""A key-event timeline (`transforms.summarization.Summary`) as a reader gets it: plain
text for the terminal, JSON for programs, TimelineJS for the web.

Every sentence is shown with where it was read: the document's title (its file's name when
it has none), source and publication date, and in JSON its id, input file, sentence index
and offsets. Dates are listed in
calendar order (a timeline is read in time), each with its rank among the key dates.
TimelineJS inserts headlines and texts as HTML, so all document text is escaped, and a
link is made only of an http(s) address.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from transforms.summarization.records import KeySentence, Summary

Documents = Mapping[str, Mapping[str, Any]]
_HEADLINE_WORDS = 14
_INDENT = "    "


def summary_json(summary: Summary, documents: Documents) -> dict[str, Any]:
    """The summary as JSON-ready data: the scope, then each date with its sentences."""
    return {
        "scope": summary.scope,
        "dates": [
            {
                "date": key.day.isoformat(),
                "rank": key.rank,
                "score": key.score,
                "referring_stories": key.references,
                "stories_published": key.published,
                "salience": key.salience,
                "sentences": [
                    _sentence_json(told, documents.get(told.sentence.doc_id, {}))
                    for told in summary.sentences_of(key.day)
                ],
            }
            for key in sorted(summary.dates, key=lambda key: key.day)
        ],
    }


def _sentence_json(told: KeySentence, document: Mapping[str, Any]) -> dict[str, Any]:
    published = told.published or document.get("published")
    return {
        "rank": told.rank,
        "score": told.score,
        "text": told.text,
        "doc_id": told.sentence.doc_id,
        "sentence_index": told.sentence.index,
        "char_start": told.start,
        "char_end": told.end,
        "support": told.support,
        "title": document.get("title"),
        "source": document.get("source"),
        "url": document.get("url"),
        "path": document.get("path"),
        "published": published.isoformat() if published else None,
    }


def summary_text(summary: Summary, documents: Documents, width: int = 100) -> str:
    """The summary for the terminal: a date line, then each sentence wrapped and followed
    by where it was read."""
    if not summary.dates:
        return f"no key dates for {summary.scope}\n"
    lines = [f"Key dates: {summary.scope}", ""]
    for key in sorted(summary.dates, key=lambda key: key.day):
        lines.append(f"{key.day.isoformat()}  (rank {key.rank}, score {key.score:.2f})")
        for told in summary.sentences_of(key.day):
            text = " ".join(told.text.split())
            lines += textwrap.wrap(text, width, initial_indent="  - ", subsequent_indent=_INDENT)
            lines.append(f"{_INDENT}[{_where(told, documents.get(told.sentence.doc_id, {}))}]")
        lines.append("")
    return "\n".join(lines)


def _where(told: KeySentence, document: Mapping[str, Any]) -> str:
    """Where the sentence was read: the document's title, else its file's name (else the
    start of its id), its source and its publication date."""
    path = document.get("path")
    name = document.get("title") or (PurePath(path).name if path else None)
    parts = [str(name or told.sentence.doc_id[:12])]
    if document.get("source"):
        parts.append(str(document["source"]))
    published = told.published or document.get("published")
    if published:
        parts.append(published.isoformat())
    return ", ".join(parts)


def summary_timelinejs(summary: Summary, documents: Documents, *, headline: str) -> dict[str, Any]:
    """A TimelineJS 3 document: a title slide, then one slide per key date whose headline
    is the start of its first sentence and whose text is every sentence with its source."""
    slides = []
    for key in sorted(summary.dates, key=lambda key: key.day):
        told = summary.sentences_of(key.day)
        if not told:
            continue
        slides.append(
            {
                "unique_id": key.day.isoformat(),
                "start_date": {"year": key.day.year, "month": key.day.month, "day": key.day.day},
                "text": {
                    "headline": _escaped(_headline(told[0].text)),
                    "text": "".join(_slide_paragraph(t, documents) for t in told),
                },
            }
        )
    return {
        "title": {
            "text": {
                "headline": _escaped(headline),
                "text": f"<p>{len(slides)} key dates</p>",
            }
        },
        "events": slides,
    }


def _headline(sentence: str) -> str:
    words = sentence.split()
    return " ".join(words[:_HEADLINE_WORDS]) + (" …" if len(words) > _HEADLINE_WORDS else "")


def _slide_paragraph(told: KeySentence, documents: Documents) -> str:
    document = documents.get(told.sentence.doc_id, {})
    where = _escaped(_where(told, document))
    url = document.get("url")
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        where = f'<a href="{_escaped(url)}">{where}</a>'
    return f"<p>{_escaped(told.text)}<br><small>{where}</small></p>"


def _escaped(value: Any) -> str:
    return "" if value is None else html.escape(str(value), quote=True)
