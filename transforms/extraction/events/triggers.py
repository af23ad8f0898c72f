"""Triggers: the verbs and event nouns that each make one event ("made a rare visit" is
the visit, under its light verb).
"""

from __future__ import annotations

from transforms.extraction.events.lexicon import EventLexicon
from transforms.extraction.parse import Parse, Token
from transforms.model import Span

# ("prep": a verb the parse uses as a preposition, "compared with", "following", "including")
_NOT_CLAUSES = frozenset({"aux", "amod", "dep", "prep"})
_MODIFIERS = frozenset({"compound", "amod"})


def find_triggers(
    parse: Parse, content: tuple[Span, ...], lex: EventLexicon
) -> list[tuple[Token, Token]]:
    """(trigger, clause verb) pairs in text order: verbs and event nouns, one per token."""
    out: dict[int, tuple[Token, Token]] = {}
    for tok in parse.tokens:
        if tok.sent < 0 or not any(s.start <= tok.start and tok.end <= s.end for s in content):
            continue
        lemma = tok.lemma.lower()
        # ("dep": a word the parser could not attach, no clause of its own)
        if tok.pos == "VERB" and lemma not in lex.not_events and tok.dep not in _NOT_CLAUSES:
            if tok.dep == "compound":  # "state-run KCNA": a modifier, not an event
                continue
            if _in_a_name(parse, tok):  # the ship "Ever Given"
                continue
            if _a_piece_of_a_word(parse, tok):  # "re" and "-" of "re-elected"
                continue
            if lemma in lex.carrier_verbs and not _carries_itself(parse, tok):
                continue
            noun = _light_verb_object(parse, tok, lex)
            if noun is not None:
                out[noun.i] = (noun, tok)
            else:
                out.setdefault(tok.i, (tok, tok))
        elif (
            tok.pos == "NOUN"
            and lemma in lex.event_nouns
            and tok.i not in out
            # "a victory rally": the rally; but "a sentencing date": the sentencing
            and (
                tok.dep not in _MODIFIERS or parse.tokens[tok.head].lemma.lower() in lex.time_nouns
            )
        ):
            out[tok.i] = (tok, tok)
    return [out[i] for i in sorted(out)]


def trigger_phrase(parse: Parse, trigger: Token, text: str) -> tuple[int, str]:
    """Where an event noun's name begins in `text` (the document), and the name as written:
    with the common nouns compounded right before it on its line ("news conference", "peace
    talks"), a name of one happening that the noun alone does not say (not a measure, "a
    three-day strike"). A verb is its own word; either is whole with the pieces the model
    split off before it ("re-elected")."""
    start = trigger.start
    i = trigger.i
    while i >= 2 and _hyphened_to_the_next(parse, parse.tokens[i - 2]):
        i -= 2
        start = parse.tokens[i].start
    if trigger.pos != "VERB" and i == trigger.i:
        for tok in reversed(parse.tokens[: trigger.i]):
            if tok.dep != "compound" or tok.head != trigger.i or tok.pos != "NOUN":
                break
            if text[tok.end : start] != " ":
                break
            if tok.i >= 2 and _hyphened_to_the_next(parse, parse.tokens[tok.i - 2]):
                break  # a measure ("a three-day strike"), not a name of the happening
            start = tok.start
    return start, text[start : trigger.end]


def _in_a_name(parse: Parse, tok: Token) -> bool:
    """A capitalised verb inside a sentence, not opening a quotation or a clause after a
    colon or a dash, is a word of a name ("the container ship Ever Given")."""
    if not tok.text[:1].isupper() or tok.i == 0:
        return False
    before = parse.tokens[tok.i - 1]
    return before.sent == tok.sent and before.pos != "PUNCT"


def _carries_itself(parse: Parse, verb: Token) -> bool:
    """A carrier verb ("go") that is an event of its own: told in the simple past or present
    ("went to court on Monday", "went public", "goes on trial in March"), or with a
    particle ("will go ahead on Monday"); not when it carries an infinitive ("is going to
    travel", "went on to win": the travel, the win), nor in its other forms, mostly idioms
    ("what is going on", "all is going according to plan", "the sheen is gone")."""
    children = parse.children(verb.i)
    if any(_an_infinitive(parse, c) for c in children):
        return False
    return verb.tag in ("VBD", "VBZ", "VBP") or (
        verb.tag == "VB" and any(c.dep == "prt" for c in children)
    )


def _an_infinitive(parse: Parse, verb: Token) -> bool:
    """A verb's infinitive complement or clause ("going to travel", "went on to win")."""
    return verb.dep in ("xcomp", "advcl") and any(
        c.dep == "aux" and c.tag == "TO" for c in parse.children(verb.i)
    )


def _a_piece_of_a_word(parse: Parse, tok: Token) -> bool:
    """The model splits "re-elected" into "re", "-" and "elected" and may read each as a
    verb: a token with no letter, or one joined by a hyphen to the word after it, is a
    piece of a word; the last piece stands for it."""
    return not any(c.isalpha() for c in tok.text) or _hyphened_to_the_next(parse, tok)


def _hyphened_to_the_next(parse: Parse, tok: Token) -> bool:
    if tok.i + 2 >= len(parse.tokens):
        return False
    hyphen, word = parse.tokens[tok.i + 1], parse.tokens[tok.i + 2]
    return hyphen.text in _HYPHENS and tok.end == hyphen.start and hyphen.end == word.start


_HYPHENS = frozenset({"-", "‐", "‑"})


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
    if lemma in lex.passive_light_verbs and any(c.dep == "auxpass" for c in children):
        return _scheduled_for(parse, verb, lex)
    return None


def _scheduled_for(parse: Parse, verb: Token, lex: EventLexicon) -> Token | None:
    """ "the step is scheduled for completion on Sunday": what a schedule is for, when it is
    a common noun and no time ("scheduled for Monday") or name."""
    for prep in parse.children(verb.i):
        if prep.dep != "prep" or prep.text.lower() not in lex.schedule_prepositions:
            continue
        for noun in parse.children(prep.i):
            timed = any(
                e.first <= noun.i <= e.last and e.label in ("DATE", "TIME") for e in parse.entities
            )
            if noun.dep == "pobj" and noun.pos == "NOUN" and not timed:
                return noun
    return None
