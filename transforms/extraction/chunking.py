"""Where to cut a long text so that the model parses it piece by piece.

A parser's memory grows with the text it is handed, and spaCy refuses texts over a million
characters (E088); news archives hold articles of 700,000 characters and more. So a text
longer than `MAX_CHUNK_CHARS` is parsed in chunks cut where a sentence is least likely to
continue: at blank lines (paragraphs), else at line ends, else after sentence-final
punctuation, else at a space, and only for a run with none of those (a 30,000-character
"word") anywhere at all. The chunks cover the text end to end, so each chunk's offsets
plus its start are offsets into the text (`transforms.extraction.parse.join_parses`).

A text no longer than the limit is one chunk: ordinary articles parse exactly as before.
"""

from __future__ import annotations

import re

MAX_CHUNK_CHARS = 20_000
"""The longest piece handed to the parser. Long enough that ordinary articles are never
cut (their parse is then exactly that of the whole text), short enough that the parser's
memory stays small whatever the document's length."""

# Cut points, from the best to the worst: each is the end of a match.
_CUTS = (
    re.compile(r"\n[ \t]*\n\s*"),  # a blank line: a paragraph ends
    re.compile(r"\n\s*"),  # a line ends
    re.compile(r"[.!?][\"'”’)\]]*\s+"),  # a sentence seems to end
    re.compile(r"\s+"),  # a word ends
)


def chunk_spans(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) offsets of consecutive chunks covering `text`, each at most `max_chars`
    long, cut at the best kind of boundary each stretch of text offers."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be positive, not {max_chars}")
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_chars:
        end = _best_cut(text, start, start + max_chars)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _best_cut(text: str, start: int, limit: int) -> int:
    """The last boundary of the best kind in text[start:limit]; `limit` when there is none."""
    for pattern in _CUTS:
        end = _last_match_end(pattern, text, start, limit)
        if end is not None:
            return end
    return limit


def _last_match_end(pattern: re.Pattern[str], text: str, start: int, limit: int) -> int | None:
    """The end of the last match of `pattern` ending inside (start, limit]."""
    last = None
    for match in pattern.finditer(text, start, limit):
        if match.end() > start:
            last = match.end()
    return last
