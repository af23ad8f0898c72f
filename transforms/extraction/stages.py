"""One document's extraction: sentences, time expressions, actors and events.

The parse is made elsewhere (the model is the one expensive, stateful part); everything
here is a pure function of the document and its parse.
"""

from __future__ import annotations

from transforms.extraction import timex
from transforms.extraction.actors import find_actors
from transforms.extraction.events import find_events
from transforms.extraction.parse import Parse, Token
from transforms.extraction.signature import document_signature
from transforms.model import Document, Extraction, Sentence

FUTURE_MARKERS = frozenset({"will", "'ll", "’ll", "shall", "wo"})


def text_for_parsing(document: Document) -> str:
    """The document text with everything but content blanked out, offsets unchanged.

    Parsing this instead of the raw text keeps bylines, datelines and credit lines out of
    the model's sentences (a dateline dash glued to the next word otherwise breaks the
    first sentence) while every character offset still points into `document.text`.
    """
    chars = [c if c == "\n" else " " for c in document.text]
    for span in document.content:
        chars[span.start : span.end] = document.text[span.start : span.end]
    return "".join(chars)


def extract(
    document: Document, parse: Parse, extractor_version: str, *, all_events: bool = False
) -> Extraction:
    """Sentences, timexes, actors and events of one document; `all_events` keeps every
    trigger (timeline evaluation) instead of only those a chart can place."""
    sentences = tuple(
        Sentence(index=i, start=s.start, end=s.end, text=document.text[s.start : s.end])
        for i, s in enumerate(parse.sentences)
    )
    timexes = timex.tag(
        document.text,
        document.dct,
        spans=document.content,
        tense_at=lambda start, end: tense_at(parse, start, end),
    )
    actors, mentions = find_actors(parse, document.content, document.language)
    events = find_events(
        doc_id=document.doc_id,
        parse=parse,
        content=document.content,
        timexes=timexes,
        mentions=mentions,
        dct=document.dct,
        extractor_version=extractor_version,
        language=document.language,
        all_events=all_events,
    )
    return Extraction(
        document=document,
        sentences=sentences,
        timexes=tuple(timexes),
        actors=tuple(actors),
        mentions=tuple(mentions),
        events=tuple(events),
        extractor_version=extractor_version,
        signature=document_signature(document),
    )


def tense_at(parse: Parse, start: int, end: int) -> str | None:
    """The tense of the verb that governs the characters start..end, from the parse."""
    covered = parse.tokens_in(start, end)
    if not covered:
        return None
    verb = _governing_verb(parse, covered[0])
    if verb is None:
        return None
    helpers = [c for c in parse.children(verb.i) if c.dep in ("aux", "auxpass")]
    if any(h.text.lower() in FUTURE_MARKERS for h in helpers):
        return "future"
    if any(h.lemma.lower() == "go" for h in helpers) or _is_going_to(parse, verb):
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


def _is_going_to(parse: Parse, verb: Token) -> bool:
    """ "is going to travel on Friday": the future through "going to"."""
    if verb.dep != "xcomp":
        return False
    head = parse.tokens[verb.head]
    return head.lemma.lower() == "go" and head.tag == "VBG"
