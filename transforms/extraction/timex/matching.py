"""Every match of every rule in a text, and the matches that are not time expressions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from transforms.extraction.timex.grammar import Rule, cues, load_rules
from transforms.extraction.timex.triggers import trigger_positions, windows
from transforms.model import Span, Timex


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    order: int  # the rule's place in the grammar: the earlier rule wins a tie
    rule: Rule
    match: re.Match[str]


# A candidate the tagger kept, with its extent and its value so far.
Chosen = tuple[Candidate, int, int, Timex]


def candidates(text: str, spans: Sequence[Span]) -> list[Candidate]:
    """Every match of every rule. A rule only runs near one of its triggers (speed)."""
    positions = trigger_positions(text, spans)
    near: dict[frozenset[str], list[Span]] = {}
    found = []
    for order, rule in enumerate(load_rules()):
        if not rule.triggers:
            where: Sequence[Span] = spans
        elif (known := near.get(rule.triggers)) is not None:
            where = known
        else:
            merged = sorted({p for name in rule.triggers for p in positions[name]})
            where = near[rule.triggers] = windows(text, spans, merged)
        for span in where:
            for match in rule.regex.finditer(text, span.start, span.end):
                found.append(Candidate(match.start(), match.end(), order, rule, match))
    return found


def extent(candidate: Candidate) -> tuple[int, int]:
    """The expression's own characters: the group `x` when the rule has one (the rest of
    the match is context, e.g. a preposition), else the whole match."""
    if "x" in candidate.rule.regex.groupindex and candidate.match.start("x") >= 0:
        return candidate.match.start("x"), candidate.match.end("x")
    return candidate.match.start(), candidate.match.end()


def in_title(text: str, start: int, end: int) -> bool:
    """A quoted title that starts with the expression (``This Week'', "60 Minutes",
    ``Spring of Life''): a programme or a campaign, not a time. Every word of the quote is
    capitalised (short function words aside) and the expression itself has a capital."""
    if not cues().quote_opening.search(text, max(0, start - 2), start):
        return False
    words = text[start:end].split()
    if not any(word[0].isupper() for word in words[1:]) and not (
        len(words) == 1 and words[0][0].isupper() and not words[0][0].isdigit()
    ):
        return False
    tail = cues().title_tail.match(text, end)
    return tail is not None and (len(words) > 1 or tail.group().strip(" ,.!?\"'`”’") != "")
