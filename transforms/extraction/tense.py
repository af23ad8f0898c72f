"""The tense of the verb that governs a stretch of text, from the parse.

This is the `tense_at` the temporal tagger is given, and `is_going_to` is shared with
event modality. The future auxiliaries and the "going to" verb are data (timex.yaml's
`tense` section), one list for the tagger, its modal cue and the events.
"""

from __future__ import annotations

from transforms.extraction.parse import Parse, Token
from transforms.extraction.timex.grammar import future_auxiliaries, future_verb


def tense_at(parse: Parse, start: int, end: int) -> str | None:
    """The tense of the verb that governs the characters start..end, from the parse."""
    covered = parse.tokens_in(start, end)
    if not covered:
        return None
    verb = _governing_verb(parse, covered[0])
    if verb is None:
        return None
    helpers = [c for c in parse.children(verb.i) if c.dep in ("aux", "auxpass")]
    if any(h.text.lower() in future_auxiliaries() for h in helpers):
        return "future"
    going = future_verb()
    if any(h.lemma.lower() == going for h in helpers) or is_going_to(parse, verb, going):
        return "future"
    tenses = {verb.tense, *(h.tense for h in helpers)}
    if "Past" in tenses:
        return "past"
    if "Pres" in tenses:
        return "present"
    return None


def _governing_verb(parse: Parse, tok: Token) -> Token | None:
    current = tok
    for _ in range(12):
        if current.pos in ("VERB", "AUX") and current.i != tok.i:
            return current
        if current.head == current.i:
            return current if current.pos in ("VERB", "AUX") else None
        current = parse.tokens[current.head]
    return None


def is_going_to(parse: Parse, verb: Token, going: str) -> bool:
    """ "is going to travel on Friday": the future through "going to" (`going` is the
    lemma of "going" in the language)."""
    if verb.dep != "xcomp":
        return False
    head = parse.tokens[verb.head]
    return head.lemma.lower() == going and head.tag == "VBG"
