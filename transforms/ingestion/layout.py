"""Where the story sits in a page: its lines, what each of the others is, and the content.

A page is read line by line: a line break (and so a blank line) ends a sentence, except where
a sentence was only wrapped onto the next line (the line does not end a sentence and the next
starts in lower case). Each line gets a kind (`transforms.ingestion.lines`, rules kept as data
per language): furniture such as a caption, a credit, a promo, a timestamp, a subhead, or the
story. Around them the wire conventions (`transforms.ingestion.wire`) find the headline, the
byline, the dateline and the credits below the story; the readers' comments below it are
theirs, not the story. A dateline found among the first lines makes every line above it
front matter (site banners, headlines, decks, photo captions): a story starts at its
dateline. Only the story's lines are content, one span each; everything else stays in the
text, where offsets keep pointing, but nothing is extracted from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal, get_args

from transforms.ingestion.lines import (
    CLOSING_MARKS,
    Kind,
    LineRules,
    has_comment_marker,
    has_comment_stamp,
    has_programme_credit,
    line_kind,
    prefix_end,
)
from transforms.ingestion.wire import (
    Byline,
    Dateline,
    WireRules,
    dateline_match,
    is_credit_line,
    is_trailer_line,
    parse_byline,
    parse_dateline,
    read_dateline,
)
from transforms.model import Span
from transforms.resources.schema import LineKind

_MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+")
# A line ending with one of these ends a sentence; one that does not, followed by a line
# starting in lower case, is a sentence wrapped onto the next line.
_SENTENCE_END = ".!?…:;"
# The kinds a part of a wrapped sentence may have on its own line.
_SENTENCE_KINDS = frozenset({"story", "subhead"})
# The kinds of furniture the line rules know (`LineKind`).
_FURNITURE_KINDS = frozenset(get_args(LineKind))
# A menu's entries ("World", "Business", "Link copied") have at most this many words; a run
# of at least `_MENU_LINES` such lines that no rule knows is a menu of the site's sections.
_MENU_WORDS = 2
_MENU_LINES = 3

# Besides the kinds of `lines`: the page's headline and byline, lines above the dateline,
# the credit and slug lines below the story, the reader comments below it, and every line
# of a broadcaster's programme listing.
LayoutKind = Kind | Literal["headline", "byline", "front_matter", "trailer", "comments", "listing"]


@dataclass(frozen=True)
class Line:
    """One line of a page (or a sentence wrapped over several), trimmed, and what it is.

    `body` is where the line's own words start: after furniture opening it (a dateline, a
    page timestamp run into the first sentence)."""

    span: Span
    kind: LayoutKind
    body: int


@dataclass(frozen=True)
class Layout:
    """A text's furniture as found, and the spans of the story proper (the only ones mined)."""

    headline: str | None
    byline: Byline | None
    dateline: Dateline | None
    content: tuple[Span, ...]
    lines: tuple[Line, ...] = ()
    # The page's own timestamps among its first lines, in order: a timestamp line, or one
    # opening the story's first line ("date 2031-03-04 Rescuers ..."). When the page says
    # it was published, where its metadata may not.
    stamps: tuple[str, ...] = ()


@dataclass
class _Page:
    """A page's lines while their kinds are decided: where each starts and its own words
    start (`bodies`), and its kind so far."""

    text: str
    segments: list[Span]
    bodies: list[int]
    kinds: list[LayoutKind]

    def words(self, index: int) -> str:
        """A line's own words: the line after any furniture opening it."""
        return self.text[self.bodies[index] : self.segments[index].end]

    def leading(self, line_rules: LineRules) -> list[int]:
        """The page's first lines, where its headline, byline, dateline and stamp are: the
        first `max_leading_lines` that say something, with the furniture among them (a
        share bar or a menu of sections does not push the story's first line out)."""
        out: list[int] = []
        said = 0
        for index, kind in enumerate(self.kinds):
            if said >= line_rules.max_leading_lines:
                break
            out.append(index)
            if kind not in _FURNITURE_KINDS and len(self.words(index).split()) > _MENU_WORDS:
                said += 1
        return out


def _line_spans(text: str) -> Iterator[Span]:
    """Non-blank lines as spans with surrounding whitespace trimmed."""
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + (len(line) - len(line.lstrip()))
            yield Span(start, start + len(stripped))
        position += len(line) + 1


def is_wrapped(line: str, next_line: str) -> bool:
    """Whether `next_line` goes on with the sentence `line` started (a hard-wrapped text): the
    line does not end a sentence and the next goes on in lower-case words (not a slug)."""
    final = line.rstrip().rstrip(CLOSING_MARKS)
    following = next_line.strip()
    return (
        bool(final and following)
        and final[-1] not in _SENTENCE_END
        and following[0].islower()
        and len(following.split()) > 1
    )


def _segments(text: str, line_rules: LineRules) -> list[Span]:
    """The page's lines, a sentence wrapped over several lines joined into one; furniture
    is never a sentence's part ("Listen to this article" over "list of 3 items")."""
    segments: list[Span] = []
    previous_end = -1
    for line in _line_spans(text):
        same_paragraph = previous_end >= 0 and text.count("\n", previous_end, line.start) == 1
        before = text[segments[-1].start : segments[-1].end] if segments else ""
        this = text[line.start : line.end]
        if (
            segments
            and same_paragraph
            and is_wrapped(before, this)
            and line_kind(before, line_rules) in _SENTENCE_KINDS
            and line_kind(this, line_rules) in _SENTENCE_KINDS
        ):
            segments[-1] = Span(segments[-1].start, line.end)
        else:
            segments.append(line)
        previous_end = line.end
    return segments


def wrapped_newlines(text: str, span: Span) -> list[int]:
    """Offsets of the line breaks inside `span` that only wrap a sentence (not boundaries)."""
    out: list[int] = []
    position = text.find("\n", span.start, span.end)
    while position >= 0:
        line_start = text.rfind("\n", span.start, position) + 1 or span.start
        next_end = text.find("\n", position + 1, span.end)
        next_line = text[position + 1 : next_end if next_end >= 0 else span.end]
        if is_wrapped(text[max(line_start, span.start) : position], next_line):
            out.append(position)
        position = next_end
    return out


def analyse_layout(text: str, rules: WireRules, line_rules: LineRules) -> Layout:
    """Find the furniture of a page and the content spans facts may come from: one per line
    of the story (a wrapped sentence is one line)."""
    segments = _segments(text, line_rules)
    openings = [_opening(text, segment, line_rules) for segment in segments]
    bodies = [
        segment.start + opening[1] if opening else segment.start
        for segment, opening in zip(segments, openings, strict=True)
    ]
    kinds: list[LayoutKind] = [
        line_kind(text[body : segment.end], line_rules)
        for segment, body in zip(segments, bodies, strict=True)
    ]
    page = _Page(text, segments, bodies, kinds)
    stamps = _own_stamps(page, openings, line_rules)
    _mark_related_lists(page, rules)  # before the headline: a listed story's is not the page's
    headline, byline = _headline_and_byline(page, rules, line_rules)
    dateline = _dateline(page, rules, line_rules)
    if dateline is not None:
        index, found = dateline
        bodies[index] = found.end
        for above in range(index):
            if kinds[above] == "story":
                kinds[above] = "front_matter"
    _mark_comment_thread(page, line_rules)
    _mark_trailer(page, rules)
    _mark_programme_listing(page, line_rules)
    lines = tuple(
        Line(segment, kind, body)
        for segment, kind, body in zip(segments, kinds, bodies, strict=True)
    )
    content = tuple(
        span
        for line in lines
        if line.kind == "story" and (span := _trimmed(text, line.body, line.span.end)) is not None
    )
    if not content and len(lines) == 1 and lines[0].kind in ("headline", "subhead"):
        # A one-line text is what it says, not a headline over nothing.
        only = _trimmed(text, lines[0].body, lines[0].span.end)
        headline, content = None, (only,) if only else ()
        lines = (Line(lines[0].span, "story", lines[0].body),)
    return Layout(headline, byline, dateline[1] if dateline else None, content, lines, stamps)


def _opening(text: str, segment: Span, line_rules: LineRules) -> tuple[LineKind, int] | None:
    """The furniture run into a line's start ("date 2031-03-04 ..."): its kind and length.
    None for a line that is a timestamp as a whole ("Updated: July 4, 2031 | 14:32 IST"),
    which a prefix would cut into a stamp and a stray "| 14:32 IST"."""
    line = text[segment.start : segment.end]
    opening = prefix_end(line, line_rules)
    if opening is not None and line_kind(line, line_rules) == "timestamp":
        return None
    return opening


def _own_stamps(
    page: _Page, openings: list[tuple[LineKind, int] | None], line_rules: LineRules
) -> tuple[str, ...]:
    """The timestamps among the page's first lines, whole lines or opening one."""
    found = []
    for index in page.leading(line_rules):
        segment, opening = page.segments[index], openings[index]
        if opening is not None and opening[0] == "timestamp":
            found.append(page.text[segment.start : page.bodies[index]])
        elif page.kinds[index] == "timestamp":
            found.append(page.text[segment.start : segment.end])
    return tuple(found)


def _headline_and_byline(
    page: _Page, rules: WireRules, line_rules: LineRules
) -> tuple[str | None, Byline | None]:
    """The headline (the first line above the story's first sentence that reads as one) and
    the byline, among the leading lines; both become furniture. A line that reads as a
    headline above a menu of the site's sections is the site's masthead ("Exclusive news,
    data and analytics for ..." over "World" / "Business" / "Markets"): the headline is
    below the menu. The byline may come below the headline's deck, the one sentence under
    it that says what the story is; the headline below a list of highlights that opens the
    page under its label ("Key Points")."""
    headline: str | None = None
    headline_at = -1
    byline: Byline | None = None
    deck_seen = False
    highlights = False  # in a list under a label that opens the page
    said_something = False
    kinds = page.kinds
    for index in page.leading(line_rules):
        if byline is None and headline is not None and _menu_at(page, index):
            kinds[headline_at], headline = "chrome", None
        if kinds[index] not in ("story", "subhead", "section_label"):
            continue
        line = page.words(index)
        found = parse_byline(line, rules)
        if found is not None:
            if byline is None:
                byline, kinds[index] = found, "byline"
            continue
        if kinds[index] == "section_label":
            highlights = not said_something
            continue
        said_something = True
        if highlights and kinds[index] == "story":
            continue
        highlights = False
        one_line = "\n" not in line  # a sentence wrapped over lines is no headline
        last = index + 1 >= len(page.segments)
        if headline is None and one_line and not last and _is_headline(line, rules):
            headline = _MARKDOWN_HEADING.sub("", line, count=1).strip()
            headline_at, kinds[index] = index, "headline"
        elif kinds[index] == "story":
            if headline is None or deck_seen:
                break
            deck_seen = True
    return headline, byline


def _menu_at(page: _Page, index: int) -> bool:
    """A menu of the site's sections starts at line `index`: `_MENU_LINES` short lines in a
    row that no rule knows (`subhead`), each a word or two without final punctuation."""
    run = range(index, index + _MENU_LINES)
    return run.stop <= len(page.segments) and all(
        page.kinds[i] == "subhead"
        and len(page.words(i).split()) <= _MENU_WORDS
        and page.words(i)[-1:].isalnum()
        for i in run
    )


def _dateline(page: _Page, rules: WireRules, line_rules: LineRules) -> tuple[int, Dateline] | None:
    """The dateline opening one of the first lines of the page, and the index of the line
    the story starts on."""
    for index in page.leading(line_rules):
        if page.kinds[index] not in ("story", "subhead", "front_matter"):
            continue
        found = parse_dateline(page.text, Span(page.bodies[index], page.segments[index].end), rules)
        if found is None:
            over_lines = _dateline_over_lines(page, index, rules)
            if over_lines is not None:
                index, found = over_lines
        if found is not None:
            page.kinds[index] = "story"
            return index, found
    return None


# A dateline the page's markup spreads over lines of its own has at most this many pieces.
_DATELINE_PIECES = 3


def _dateline_over_lines(page: _Page, first: int, rules: WireRules) -> tuple[int, Dateline] | None:
    """A dateline whose pieces the page's markup put on lines of their own ("Washington" /
    "CNN" / "—", then the story): read on the lines joined, it must take in every line but
    the last whole. The pieces above the story's line become front matter."""
    for last in range(first + 1, min(first + _DATELINE_PIECES + 1, len(page.segments))):
        before = " ".join(page.words(index) for index in range(first, last)) + " "
        found = read_dateline(before + page.words(last), rules)
        if found is None or found.end <= len(before):
            continue
        for piece in range(first, last):
            page.kinds[piece] = "front_matter"
        return last, replace(found, end=page.bodies[last] + found.end - len(before))
    return None


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
    if not rules.headline_min_words <= len(line.split()) <= rules.headline_max_words:
        return False
    final = line.rstrip(CLOSING_MARKS)
    if not final or final[-1] in rules.headline_final_punctuation:
        return False
    return not (dateline_match(line, rules) or is_credit_line(line, rules))


# A related-stories label alone on its line ("ALSO READ", "Related stories") has at most
# this many words; the headlines listed under it follow.
_LIST_LABEL_WORDS = 4


def _mark_related_lists(page: _Page, rules: WireRules) -> None:
    """The other stories' headlines listed under a related-stories label: each line that
    reads as a headline (no sentence's final punctuation) until one that does not."""
    kinds = page.kinds
    for index in range(len(page.segments)):
        if kinds[index] != "related" or len(page.words(index).split()) > _LIST_LABEL_WORDS:
            continue
        for item in range(index + 1, len(page.segments)):
            if kinds[item] not in ("story", "subhead") or not _is_headline(page.words(item), rules):
                break
            kinds[item] = "related"


def _mark_comment_thread(page: _Page, line_rules: LineRules) -> None:
    """The readers' comments below the story (layout.yaml, `comment_thread`): from the
    first of enough stamped lines below the story's first line and the page's own first
    lines, one of them saying a reader posted it, to the end. The cheap marker is looked
    for first: most pages have none, and then no line is searched for a stamp."""
    story = page.kinds.index("story") if "story" in page.kinds else len(page.kinds)
    below = range(max(story + 1, line_rules.own_stamp_lines), len(page.segments))
    lines = {
        index: page.text[page.segments[index].start : page.segments[index].end] for index in below
    }
    if not any(has_comment_marker(line, line_rules) for line in lines.values()):
        return
    stamped = [index for index, line in lines.items() if has_comment_stamp(line, line_rules)]
    marked = any(has_comment_marker(lines[index], line_rules) for index in stamped)
    if marked and len(stamped) >= line_rules.comment_thread_stamps:
        for index in range(stamped[0], len(page.segments)):
            page.kinds[index] = "comments"


def _mark_programme_listing(page: _Page, line_rules: LineRules) -> None:
    """A broadcaster's programme listing (layout.yaml, `programme_listing`): enough lines
    crediting a programme make the whole page a listing, none of it a story."""
    credited = 0
    for segment in page.segments:
        if has_programme_credit(page.text[segment.start : segment.end], line_rules):
            credited += 1
            if credited >= line_rules.listing_min_credits:
                page.kinds[:] = ["listing"] * len(page.kinds)
                return


def _mark_trailer(page: _Page, rules: WireRules) -> None:
    """The run of credit and slug lines at the bottom: who wrote the story, not the story."""
    index = len(page.segments)
    while index > 0:
        segment, kind = page.segments[index - 1], page.kinds[index - 1]
        if kind in ("story", "subhead") and is_trailer_line(
            page.text[segment.start : segment.end], rules
        ):
            page.kinds[index - 1] = "trailer"
        elif kind == "story":
            break
        index -= 1
