"""Where the wire furniture sits in a text: headline, byline, dateline, body and credits.

Only the top (headline, byline, dateline) and the bottom (credits, slugs) of a story are
examined; the body is kept as written, one content span per paragraph. Whether a single line is
furniture is decided by the wire-copy rules in `transforms.ingestion.wire`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from transforms.ingestion.wire import (
    Byline,
    Dateline,
    WireRules,
    dateline_match,
    is_credit_line,
    is_trailer_line,
    parse_byline,
    parse_dateline,
)
from transforms.model import Span

_MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+")
_CLOSING_MARKS = "\"'”’»)]"


@dataclass(frozen=True)
class Layout:
    """A text's furniture as found, and the spans of the story proper (the only ones mined)."""

    headline: str | None
    byline: Byline | None
    dateline: Dateline | None
    content: tuple[Span, ...]


def _line_spans(text: str) -> Iterator[Span]:
    """Non-blank lines as spans with surrounding whitespace trimmed."""
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + (len(line) - len(line.lstrip()))
            yield Span(start, start + len(stripped))
        position += len(line) + 1


def _paragraphs(text: str) -> list[list[Span]]:
    """Runs of non-blank lines; a blank (or whitespace-only) line separates paragraphs."""
    paragraphs: list[list[Span]] = []
    previous_end = -1
    for line in _line_spans(text):
        between = text[previous_end : line.start] if previous_end >= 0 else ""
        if paragraphs and between.count("\n") <= 1:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        previous_end = line.end
    return paragraphs


def analyse_layout(text: str, rules: WireRules) -> Layout:
    """Find the wire furniture around a story and the content spans facts may come from.

    One content span per paragraph, so sentences never cross paragraphs.
    """
    paragraphs = _paragraphs(text)
    headline: str | None = None
    byline: Byline | None = None
    body_index = 0
    for index, paragraph in enumerate(paragraphs[: rules.max_leading_paragraphs]):
        line = text[paragraph[0].start : paragraph[0].end]
        is_last = index + 1 >= len(paragraphs)
        found_byline = parse_byline(line, rules) if len(paragraph) == 1 else None
        if found_byline is not None and byline is None:
            byline = found_byline
        elif index == 0 and len(paragraph) == 1 and not is_last and _is_headline(line, rules):
            headline = _MARKDOWN_HEADING.sub("", line, count=1).strip()
        else:
            break
        body_index = index + 1
    body = paragraphs[body_index:]
    if not body:
        return Layout(headline, byline, None, ())

    dateline = parse_dateline(text, body[0][0], rules)
    content_start = dateline.end if dateline else body[0][0].start
    content_end = _end_before_trailer(
        text, [line for paragraph in body for line in paragraph], rules
    )

    spans: list[Span] = []
    for paragraph in body:
        start = max(paragraph[0].start, content_start)
        end = min(paragraph[-1].end, content_end)
        span = _trimmed(text, start, end)
        if span is not None:
            spans.append(span)
    return Layout(headline, byline, dateline, tuple(spans))


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def _is_headline(line: str, rules: WireRules) -> bool:
    line = _MARKDOWN_HEADING.sub("", line, count=1).strip()
    if not line or len(line) > rules.headline_max_chars:
        return False
    if len(line.split()) > rules.headline_max_words:
        return False
    final = line.rstrip(_CLOSING_MARKS)
    if not final or final[-1] in rules.headline_final_punctuation:
        return False
    return not (dateline_match(line, rules) or is_credit_line(line, rules))


def _end_before_trailer(text: str, lines: list[Span], rules: WireRules) -> int:
    """Where the story ends: before the run of credit and slug lines at the bottom."""
    kept = len(lines)
    while kept and is_trailer_line(text[lines[kept - 1].start : lines[kept - 1].end], rules):
        kept -= 1
    return lines[kept - 1].end if kept else lines[0].start
