"""The tense of the verb that governs a stretch of text, from the parse.

This is the `tense_at` the temporal tagger is given, and `is_going_to` is shared with
event modality. The future auxiliaries, the "going to" verb and the verbs whose complement
lies ahead are data (timex.yaml's `tense` section), one list for the tagger, its modal cue
and the events.

Only finite forms carry tense: a participle or an infinitive ("before being moved on
Tuesday", "to launch in the fourth quarter") takes it from the verb it depends on, so "will
be taken on Sunday before being moved on Tuesday" is future throughout and "expects to
launch the drug in the fourth quarter" looks ahead.
"""

from __future__ import annotations

from transforms.extraction.parse import Parse, Token
from transforms.extraction.timex.grammar import (
    future_auxiliaries,
    future_complement_verbs,
    future_verb,
    perfect_auxiliary,
    record_words,
    reported_future_auxiliaries,
)
from transforms.extraction.timex.normalisers.contract import REPORTED_FUTURE

_CLIMB = 6  # verbs climbed from a non-finite one to the finite verb it depends on


def tense_at(parse: Parse, start: int, end: int) -> str | None:
    """The tense of the verb that governs the characters start..end, from the parse."""
    covered = parse.tokens_in(start, end)
    if not covered:
        return None
    verb = _governing_verb(parse, covered[0])
    return None if verb is None else tense_of(parse, verb)


def tense_of(parse: Parse, verb: Token) -> str | None:
    """The tense ("future", "past", "present", REPORTED_FUTURE or None) of a verb, from its
    finite form or auxiliaries.

    Non-finite forms: a bare past participle is past ("the injunction issued Thursday"); an
    infinitive is future under a verb that looks ahead ("expects to launch"), the reported
    future when that verb is past ("was scheduled to leave on July 2"), and undecided
    otherwise ("agreed to buy it in January"); a gerund or a
    participle with non-finite auxiliaries ("before being moved") takes the tense of the
    verb it depends on.
    """
    current = verb
    for _ in range(_CLIMB):
        tense = _finite_tense(parse, current)
        if tense is not None:
            return tense
        helpers = _helpers(parse, current)
        if current.tag == "VBN" and not helpers:
            return "past"
        if current.head == current.i:
            return None
        head = parse.tokens[current.head]
        if current.tag == "VB" or "Inf" in current.verb_form.split(","):
            if _tells_a_record(parse, current, head):
                governing = head if head.pos in ("VERB", "AUX") else _governing_verb(parse, head)
                if governing is None:
                    return None
                current = governing
                continue
            if current.dep != "xcomp" or head.lemma.lower() not in future_complement_verbs():
                return None
            if _finite_tense(parse, head) != "past":
                return "future"
            # "had been scheduled to expire Friday": planned before, maybe for a day gone by
            return None if past_perfect(parse, head) else REPORTED_FUTURE
        governing = _governing_verb(parse, current)
        if governing is None or governing.i == current.i:
            return None
        current = governing
    return None


def _tells_a_record(parse: Parse, infinitive: Token, head: Token) -> bool:
    """ "the first woman to win", "the youngest to", "one of the biggest companies to
    report": the infinitive of a noun that makes it tell a deed, not a purpose. The model
    may hang it on the verb whose attribute the noun is ("became the first player to
    score": an xcomp of "became")."""
    if infinitive.dep in ("relcl", "acl"):
        nouns = [head]
    elif infinitive.dep == "xcomp":
        nouns = [c for c in parse.children(head.i) if c.dep == "attr"]
    else:
        return False
    return any(_a_record(parse, noun) for noun in nouns)


def _a_record(parse: Parse, noun: Token) -> bool:
    words = [noun, *(c for c in parse.children(noun.i) if c.dep in ("amod", "advmod"))]
    return any(w.tag in ("JJS", "RBS") or w.text.lower() in record_words() for w in words)


def past_perfect(parse: Parse, verb: Token) -> bool:
    """ "had approved": a perfect auxiliary in the past tense."""
    have = perfect_auxiliary()
    return any(h.lemma.lower() == have and h.tense == "Past" for h in _helpers(parse, verb))


def _helpers(parse: Parse, verb: Token) -> list[Token]:
    return [c for c in parse.children(verb.i) if c.dep in ("aux", "auxpass")]


def _finite_tense(parse: Parse, verb: Token) -> str | None:
    helpers = _helpers(parse, verb)
    if any(h.text.lower() in future_auxiliaries() for h in helpers):
        return "future"
    if any(h.text.lower() in reported_future_auxiliaries() for h in helpers):
        return REPORTED_FUTURE
    going = future_verb()
    if any(h.lemma.lower() == going for h in helpers) or is_going_to(parse, verb, going):
        return "future"
    finite = [t for t in (verb, *helpers) if "Fin" in t.verb_form.split(",")]
    tenses = {t.tense for t in finite}
    if "Past" in tenses:
        return "past"
    if "Pres" in tenses:
        passive = any(h.dep == "auxpass" for h in helpers)
        if passive and verb.lemma.lower() in future_complement_verbs():
            return "future"  # "the funeral is scheduled for Monday"
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
