"""What kind of event it is and how the text holds it: TimeML class, polarity, modality
(asserted, reported, hedged, future, hypothetical), attribution, and whether it is
background history.
"""

from __future__ import annotations

from itertools import pairwise

from transforms.extraction.events.lexicon import EventLexicon
from transforms.extraction.events.participants import CLAUSE_DEPS, SUBJECT_DEPS, argument_tokens
from transforms.extraction.parse import Parse, Token
from transforms.extraction.tense import is_going_to
from transforms.model import EventClass, Modality


def event_class(trigger: Token, lex: EventLexicon) -> EventClass:
    lemma = trigger.lemma.lower()
    if trigger.pos == "VERB" and lemma in lex.reporting:
        return "REPORTING"
    return lex.class_of.get(lemma, "OCCURRENCE")  # type: ignore[return-value]


def negated(parse: Parse, trigger: Token, clause: Token, lex: EventLexicon) -> bool:
    """ "did not visit", "never met", "no agreement": a negator on the trigger or its verb."""
    for tok in {trigger.i: trigger, clause.i: clause}.values():
        for child in parse.children(tok.i):
            if child.dep == "neg" or (
                child.dep in ("advmod", "det", "neg") and child.text.lower() in lex.negators
            ):
                return True
    return False


def modality_of(parse: Parse, clause: Token, lex: EventLexicon) -> Modality:
    """hypothetical > future > hedged > reported > asserted, from the clause verb's context."""
    helpers = [c.text.lower() for c in parse.children(clause.i) if c.dep in ("aux", "auxpass")]
    marks = [c.text.lower() for c in parse.children(clause.i) if c.dep == "mark"]
    reported = reporter_of(parse, clause, lex) is not None
    if any(h in lex.hypothetical_aux for h in helpers):
        # "said it would send": the future seen from the past, in reported speech.
        if reported and any(h in lex.reported_future_aux for h in helpers):
            return "future"
        return "hypothetical"
    if any(mark in lex.conditional_marks for mark in marks):
        return "hypothetical"
    if any(h in lex.future_aux for h in helpers) or is_going_to(parse, clause, lex.future_verb):
        return "future"
    head = parse.tokens[clause.head]
    if clause.dep == "xcomp" and head.lemma.lower() in lex.intention_verbs:
        return "hypothetical"
    if clause.dep == "xcomp" and head.lemma.lower() in lex.hedge_verbs:
        return "hedged"
    if any(
        c.dep == "advmod" and c.text.lower() in lex.hedge_adverbs for c in parse.children(clause.i)
    ):
        return "hedged"
    if reported or _attribution_marker(parse, clause, lex) is not None:
        return "reported"
    return "asserted"


def reporter_of(parse: Parse, clause: Token, lex: EventLexicon) -> Token | None:
    """The reporting verb whose complement holds this clause ("Kim said [X would ...]")."""
    current = clause
    for _ in range(6):
        if current.head == current.i:
            break
        head = parse.tokens[current.head]
        if current.dep in ("ccomp", "parataxis") and head.lemma.lower() in lex.reporting:
            return head
        if current.dep not in ("ccomp", "xcomp", "conj", "advcl", "parataxis"):
            break
        current = head
    # "..., South Korea has said": the reporting verb is the root and this clause its ccomp
    # or the root is this clause and a reporting verb hangs off it as parataxis.
    for child in parse.children(clause.i):
        if child.dep == "parataxis" and child.lemma.lower() in lex.reporting:
            return child
    if clause.dep == "ROOT":
        return _trailing_report(parse, clause, lex)
    return None


def _trailing_report(parse: Parse, root: Token, lex: EventLexicon) -> Token | None:
    """ "Musk fired three executives ..., multiple media outlets reported on Thursday": the
    model hangs a report that closes the sentence on the noun before its subject, as a
    participle ("outlets reported"). A participle of a reporting verb, with no subject or
    agent of its own, on a noun that opens after a comma and is not a subject, after the
    main verb: the report of the whole sentence."""
    sentence = parse.sentences[root.sent]
    for tok in parse.tokens[root.i + 1 : sentence.last + 1]:
        if tok.dep != "acl" or tok.lemma.lower() not in lex.reporting:
            continue
        if any(c.dep in _OWN_SUBJECT for c in parse.children(tok.i)):
            continue
        noun = parse.tokens[tok.head]
        if noun.dep in _OWN_SUBJECT or noun.i >= tok.i:
            continue
        opening = noun.i
        while opening > root.i + 1 and _premodifies(parse.tokens[opening - 1], noun):
            opening -= 1
        if parse.tokens[opening - 1].text == ",":
            return tok
    return None


_OWN_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj", "agent", "auxpass"})


def _premodifies(word: Token, noun: Token) -> bool:
    return word.head == noun.i and word.dep in ("det", "amod", "compound", "nummod", "poss")


def attribution(parse: Parse, clause: Token, lex: EventLexicon) -> str | None:
    """Who the claim comes from: an "according to" phrase, else the reporter's subject."""
    marked = _attribution_marker(parse, clause, lex)
    if marked is not None:
        return marked
    reporter = reporter_of(parse, clause, lex)
    if reporter is None:
        return None
    for child in parse.children(reporter.i):
        if child.dep in SUBJECT_DEPS:
            return _phrase(parse, child, lex)
    return None


def _attribution_marker(parse: Parse, clause: Token, lex: EventLexicon) -> str | None:
    """ "according to South Korean intelligence" anywhere in the clause's sentence."""
    sentence = parse.sentences[clause.sent]
    words = parse.tokens[sentence.first : sentence.last + 1]
    lowered = [t.text.lower() for t in words]
    if not {marker[0] for marker in lex.attribution_markers}.intersection(lowered):
        return None  # most sentences: no marker can start anywhere in them
    for marker in lex.attribution_markers:
        n = len(marker)
        for k in range(len(words) - n + 1):
            if tuple(lowered[k : k + n]) != marker:
                continue
            last = words[k + n - 1]
            objects = [c for c in parse.children(last.i) if c.dep in ("pobj", "dobj", "obj")]
            if objects:
                return _phrase(parse, objects[0], lex)
    return None


def _phrase(parse: Parse, tok: Token, lex: EventLexicon) -> str | None:
    """The noun phrase under tok as written, without a leading article or punctuation;
    None when nothing is left (an odd parse can hang a lone article or dash there)."""
    words = argument_tokens(parse, tok.i)
    while words and (words[0].text.lower() in lex.articles or words[0].pos == "PUNCT"):
        words = words[1:]
    while words and words[-1].pos == "PUNCT":
        words = words[:-1]
    if not words:
        return None
    out = words[0].text
    for prev, word in pairwise(words):
        if prev.end < word.start:
            out += " "
        out += word.text
    return out


def is_background(parse: Parse, trigger: Token, lex: EventLexicon) -> bool:
    """Under "anniversary of", "since", "in memory of": history, not the day's news."""
    current = trigger
    for _ in range(6):
        if current.head == current.i:
            return False
        head = parse.tokens[current.head]
        if head.lemma.lower() in lex.background_heads or head.text.lower() in lex.background_heads:
            return True
        if head.pos == "VERB" or current.dep in CLAUSE_DEPS:
            return False
        current = head
    return False
