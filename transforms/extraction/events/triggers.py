"""Triggers: the verbs and event nouns that each make one event ("made a rare visit" is
the visit, under its light verb).
"""

from __future__ import annotations

from transforms.extraction.events.lexicon import EventLexicon
from transforms.extraction.parse import Parse, Token
from transforms.model import Span


def find_triggers(
    parse: Parse, content: tuple[Span, ...], lex: EventLexicon
) -> list[tuple[Token, Token]]:
    """(trigger, clause verb) pairs in text order: verbs and event nouns, one per token."""
    out: dict[int, tuple[Token, Token]] = {}
    for tok in parse.tokens:
        if tok.sent < 0 or not any(s.start <= tok.start and tok.end <= s.end for s in content):
            continue
        lemma = tok.lemma.lower()
        if tok.pos == "VERB" and lemma not in lex.not_events and tok.dep not in ("aux", "amod"):
            if tok.dep == "compound":  # "state-run KCNA": a modifier, not an event
                continue
            noun = _light_verb_object(parse, tok, lex)
            if noun is not None:
                out[noun.i] = (noun, tok)
            else:
                out.setdefault(tok.i, (tok, tok))
        elif tok.pos == "NOUN" and lemma in lex.event_nouns and tok.i not in out:
            out[tok.i] = (tok, tok)
    return [out[i] for i in sorted(out)]


def _light_verb_object(parse: Parse, verb: Token, lex: EventLexicon) -> Token | None:
    """The event noun a light verb stands for: its object ("made a visit"), the subject of
    its passive ("the funeral will be held", "the parade is set for Wednesday"), or the
    subject of a verb that only says it happens ("the vote will take place on Sunday");
    a noun or the name of an event ("the Champions Parade")."""
    lemma = verb.lemma.lower()
    children = parse.children(verb.i)
    phrases = {lemma} | {f"{lemma} {c.lemma.lower()}" for c in children if c.dep == "dobj"}
    for child in children:
        if child.lemma.lower() not in lex.event_nouns:
            continue
        if child.dep in ("dobj", "obj") and lemma in lex.light_verbs:
            return child
        if child.dep == "nsubjpass" and lemma in lex.passive_light_verbs:
            return child
        if child.dep == "nsubj" and phrases & lex.happening_verbs:
            return child
    return None
