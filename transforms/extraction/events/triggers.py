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
    if verb.lemma.lower() not in lex.light_verbs:
        return None
    for child in parse.children(verb.i):
        if child.dep in ("dobj", "obj") and child.lemma.lower() in lex.event_nouns:
            return child
    return None
