"""What one line of a page is: story, or furniture of a kind (caption, promo, timestamp...).

The kinds are data, kept per language in resources/<lang>/layout.yaml: regular expressions
over a stripped line, tried kind by kind in the file's order, and one rule that is not a
pattern, the subhead (a short line that is not a sentence). Where the lines sit in a page
and what follows from it (the headline, the dateline, the front matter above it) is
`transforms.ingestion.layout`'s business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from transforms.resources.loader import language_resources
from transforms.resources.schema import LayoutFile, LineKind

# What a line can be: one of the data's kinds, a subhead, or the story itself.
Kind = LineKind | Literal["subhead", "story"]
FURNITURE: frozenset[str] = frozenset(LineKind.__args__) | {"subhead"}  # type: ignore[attr-defined]

_MACRO = re.compile(r"\{([a-z_]+)\}")
# Closing quotes and brackets a sentence may end inside: "... he said.”"
CLOSING_MARKS = "\"'”’»)]"


@dataclass(frozen=True)
class LineRules:
    """One language's line kinds, compiled."""

    kinds: tuple[tuple[LineKind, tuple[re.Pattern[str], ...]], ...]
    prefixes: tuple[tuple[LineKind, re.Pattern[str]], ...]
    subhead_max_words: int
    subhead_final_punctuation: str
    max_leading_lines: int
    comment_stamps: tuple[re.Pattern[str], ...]  # a reader comment's posting stamp
    comment_markers: tuple[re.Pattern[str], ...]  # words saying a reader posted it
    comment_thread_stamps: int  # how many stamped lines below the story make a thread
    own_stamp_lines: int  # the first lines, where a page's own stamp sits
    listing_credits: tuple[re.Pattern[str], ...]  # a programme's credit ("Presenter/Jane Doe")
    listing_min_credits: int  # how many credited lines make a page a programme listing
    stamp_date: re.Pattern[str]  # the day in a page's timestamp
    stamp_month_first: re.Pattern[str]  # a stamp whose numeric date is month first


@cache
def line_rules(language: str) -> LineRules:
    """A language's line kinds, compiled once."""
    return compile_line_rules(language_resources(language).layout)


def compile_line_rules(raw: LayoutFile) -> LineRules:
    macros = {name: str(text) for name, text in raw["macros"].items()}

    def compiled(pattern: str) -> re.Pattern[str]:
        return re.compile(expand_macros(pattern, macros))

    return LineRules(
        kinds=tuple(
            (kind, tuple(compiled(rule["pattern"]) for rule in rules))
            for kind, rules in raw["kinds"].items()
        ),
        prefixes=tuple((rule["kind"], compiled(rule["pattern"])) for rule in raw["prefixes"]),
        subhead_max_words=int(raw["subhead"]["max_words"]),
        subhead_final_punctuation=str(raw["subhead"]["final_punctuation"]),
        max_leading_lines=int(raw["max_leading_lines"]),
        comment_stamps=tuple(compiled(rule["pattern"]) for rule in raw["comment_thread"]["stamps"]),
        comment_markers=tuple(
            compiled(rule["pattern"]) for rule in raw["comment_thread"]["markers"]
        ),
        comment_thread_stamps=int(raw["comment_thread"]["min_stamps"]),
        own_stamp_lines=int(raw["comment_thread"]["own_lines"]),
        listing_credits=tuple(
            compiled(rule["pattern"]) for rule in raw["programme_listing"]["credits"]
        ),
        listing_min_credits=int(raw["programme_listing"]["min_credits"]),
        stamp_date=compiled(raw["page_stamp"]["date"]),
        stamp_month_first=compiled(raw["page_stamp"]["month_first"]),
    )


def expand_macros(pattern: str, macros: dict[str, str]) -> str:
    """`{name}` replaced by the macro's text (macros may use macros), until none is left."""
    for _ in range(10):
        expanded = _MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), pattern)
        if expanded == pattern:
            break
        pattern = expanded
    unknown = _MACRO.search(pattern)
    if unknown and unknown.group(1) in macros:
        raise ValueError(f"macros nest too deep in {pattern!r}")
    return pattern


def line_kind(line: str, rules: LineRules) -> Kind:
    """The kind of one line (whitespace around it ignored): the first kind whose pattern is
    found in it, else "subhead" for a short line that is not a sentence, else "story"."""
    stripped = line.strip()
    for kind, patterns in rules.kinds:
        if any(pattern.search(stripped) for pattern in patterns):
            return kind
    if is_subhead(stripped, rules):
        return "subhead"
    return "story"


def is_subhead(line: str, rules: LineRules) -> bool:
    """A short line that does not end as a sentence does ("Storm Makes Landfall", "Why now?").
    A sentence wrapped over several lines is no subhead, however it ends."""
    if not line or "\n" in line or len(line.split()) > rules.subhead_max_words:
        return False
    final = line.rstrip(CLOSING_MARKS)
    return not final or final[-1] not in rules.subhead_final_punctuation


def prefix_end(line: str, rules: LineRules) -> tuple[LineKind, int] | None:
    """Furniture opening a line that goes on with the story (a page date, then a close
    button...): the kind of the first piece and where the last ends."""
    found: tuple[LineKind, int] | None = None
    position = 0
    while True:
        for kind, pattern in rules.prefixes:
            match = pattern.match(line, position)
            if match is not None and match.end() > position:
                found = (found[0] if found else kind, match.end())
                position = match.end()
                break
        else:
            return found


def has_comment_stamp(line: str, rules: LineRules) -> bool:
    """Whether a line carries a posting stamp (a date and a clock side by side, or the
    clock on the date, anywhere in it), as each reader comment does."""
    return any(pattern.search(line) for pattern in rules.comment_stamps)


def has_comment_marker(line: str, rules: LineRules) -> bool:
    """Whether a line says a reader posted it ("Posted by:", "wrote:", "Report abuse")."""
    return any(pattern.search(line) for pattern in rules.comment_markers)


def has_programme_credit(line: str, rules: LineRules) -> bool:
    """Whether a line credits a broadcast programme ("Presenter/Zoe Ball, Producer/...")."""
    return any(pattern.search(line) for pattern in rules.listing_credits)
