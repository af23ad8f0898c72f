"""One candidate to one `Timex`: the values its lexicons captured, the tense and schedule
cues around it, and its rule's normaliser."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from transforms.extraction.timex.calendar import interval
from transforms.extraction.timex.grammar import Rule, cues
from transforms.extraction.timex.lexicons import lookup_key
from transforms.extraction.timex.matching import Candidate
from transforms.extraction.timex.normalisers import Context
from transforms.extraction.timex.normalisers.contract import REPORTED_FUTURE
from transforms.model import Timex

# A sentence ends at . ! or ? (closing quotes after it) before the capital of the next one.
SENTENCE_END = re.compile(r"[.!?][\"'’”]?\s+(?=[\"'‘“(]?[A-Z])")
_SENTENCE_BEFORE = re.compile(r"[.!?\n][\"'’”]?[ \t]*\Z")  # the end of one, then spaces
_CUE_WINDOW = 80  # characters before a timex searched for a future modal
_OPENING_REACH = 8  # ... for the end of the sentence before a cue
_DEADLINE_WINDOW = 40  # ... for a deadline or schedule word
_COMPLETED_WINDOW = 12  # ... for "ended" or "since"

TenseAt = Callable[[int, int], str | None]


def normalise(
    candidate: Candidate,
    text: str,
    start: int,
    end: int,
    anchor: date | None,
    tense_at: TenseAt | None,
    period: str | None = None,
    reference: tuple[date, str] | None = None,
) -> Timex | None:
    """The candidate's expression at start..end with its value, or None when it has none."""
    rule = candidate.rule
    # Tense and schedule cues look at the whole match: a rule whose extent is only part of
    # it ("April 24 and [25]") reads the clause from where the match starts.
    cue_start, cue_end = min(start, candidate.match.start()), max(end, candidate.match.end())
    found = cues()
    deadline = found.deadline.search(text, max(0, cue_start - _DEADLINE_WINDOW), cue_start)
    completed = found.completed.search(text, max(0, cue_start - _COMPLETED_WINDOW), cue_start)

    def tense() -> str | None:
        if completed:
            return "past"
        parsed = clause_tense(text, cue_start, cue_end, tense_at)
        if parsed == "past" and deadline and not _opens_a_sentence(text, deadline.start()):
            # "declared a dividend payable Dec. 15": the date's own tense; but "By Monday, 20
            # people had died" tells the state on a day gone by
            return "present"
        return parsed

    context = Context(
        anchor=anchor,
        tense=tense,
        tense_from_parse=tense_at is not None,
        period=period,
        reference=reference,
        deadline=deadline is not None,
        completed=completed is not None,
    )
    fields = rule_fields(rule, candidate.match)
    try:
        norm = rule.normaliser(fields, context)
    except (ValueError, OverflowError):
        # Calendar arithmetic past year 1 or 9999 (an anchor at the edge of what Python's
        # dates hold): the expression cannot be given a value, so it is not emitted.
        return None
    if norm is None:
        return None
    try:
        interval(norm.value)  # never let an impossible value (2025-02-30, 2021-W53) out
    except (ValueError, OverflowError):  # ... nor a week running past year 9999
        return None
    mod = norm.mod or rule.mod or fields.get("modifier") or fields.get("quant_mod")
    return Timex(start, end, text[start:end], norm.type or rule.type, norm.value, mod, norm.basis)


def _opens_a_sentence(text: str, at: int) -> bool:
    """Nothing but spaces before `at` since the text, a line or a sentence began."""
    before = text[max(0, at - _OPENING_REACH) : at]
    return _SENTENCE_BEFORE.search(before) is not None or (
        at <= _OPENING_REACH and not before.strip()
    )


def clause_tense(text: str, start: int, end: int, tense_at: TenseAt | None) -> str | None:
    """The tense an expression is read in: a modal just before it ("will leave Thursday")
    is future even when the parse hands back the tense of an auxiliary or of the reporting
    verb, unless the parse finds the future seen from the past ("would leave", "was
    scheduled to leave"); else the parse's, when there is one."""
    cue = _modal_cue_tense(text, start, end)
    if tense_at is None:
        return cue
    parsed = tense_at(start, end)
    if cue is not None and parsed != REPORTED_FUTURE:
        return cue
    return parsed


def rule_fields(rule: Rule, match: re.Match[str]) -> dict[str, Any]:
    """The rule's params, overlaid with each captured group: the value its lexicon gives
    (or the text, for a plain group) and, as `<group>_text`, the text itself."""
    fields: dict[str, Any] = dict(rule.params)
    for group, text in match.groupdict().items():
        if text is None:
            continue
        fields[f"{group}_text"] = text
        lexicon = rule.group_lexicons.get(group)
        if lexicon is None:
            fields[group] = text
            continue
        value = lexicon.entries.get(lookup_key(text))
        if value is None and lexicon.has_digits_alternative:
            value = text
        fields[group] = value
    return fields


def _modal_cue_tense(text: str, start: int, end: int) -> str | None:
    """'future' when a modal or a plan verb leads up to the expression. Not for a possessive
    ("would fight Wednesday's ruling": the ruling is not what is planned), nor a plan that
    had already been made ("had been due to expire Friday")."""
    found = cues()
    if found.possessive.match(text, end):
        return None
    window = text[max(0, start - _CUE_WINDOW) : start]
    # Only the expression's own sentence: "... would withdraw from Kuwait. Bush said Thursday".
    sentence_ends = list(SENTENCE_END.finditer(window))
    if sentence_ends:
        window = window[sentence_ends[-1].end() :]
    if not found.future_modal.search(window) or found.past_plan.search(window):
        return None
    return "future"
