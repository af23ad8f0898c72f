"""A dependency parse as plain records, so rules never touch spaCy objects.

The extractor's rules read tokens, heads and entity labels only; keeping them in frozen
dataclasses lets batches cross process boundaries cheaply and lets tests build parses by
hand. `from_spacy` is the one place that knows spaCy's API.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Any


@dataclass(frozen=True, slots=True)
class Token:
    i: int
    start: int  # character offsets in the document text
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int  # index of the syntactic head; the root points at itself
    sent: int  # index into Parse.sentences
    tense: str  # spaCy morphology: "Past", "Pres" or ""
    verb_form: str  # "Fin", "Part", "Inf", "Ger" or ""


@dataclass(frozen=True, slots=True)
class EntitySpan:
    first: int  # first token index
    last: int  # last token index (inclusive)
    label: str


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    first: int
    last: int  # inclusive
    start: int  # character offsets
    end: int


@dataclass(frozen=True)
class Parse:
    tokens: tuple[Token, ...]
    sentences: tuple[SentenceSpan, ...]
    entities: tuple[EntitySpan, ...]

    def children(self, i: int) -> tuple[Token, ...]:
        return self._children[i]

    @cached_property
    def _children(self) -> tuple[tuple[Token, ...], ...]:
        kids: list[list[Token]] = [[] for _ in self.tokens]
        for tok in self.tokens:
            if tok.head != tok.i:
                kids[tok.head].append(tok)
        return tuple(tuple(k) for k in kids)

    def subtree(self, i: int, *, stop_deps: frozenset[str] = frozenset()) -> list[Token]:
        """Token i and its descendants, not descending into children whose dep is in stop_deps."""
        out: list[Token] = []
        stack = [self.tokens[i]]
        while stack:
            tok = stack.pop()
            out.append(tok)
            stack.extend(k for k in self.children(tok.i) if k.dep not in stop_deps)
        return sorted(out, key=lambda t: t.i)

    @cached_property
    def _token_ends(self) -> tuple[int, ...]:
        return tuple(t.end for t in self.tokens)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """Tokens overlapping [start, end). Tokens are in text order, so a binary search
        finds the first: rules call this for every event and mention."""
        out: list[Token] = []
        for tok in self.tokens[bisect_right(self._token_ends, start) :]:
            if tok.start >= end:
                break
            out.append(tok)
        return out


def from_spacy(doc: Any) -> Parse:
    """Copy what the rules need out of a spaCy Doc, dropping whitespace-only sentences.

    Token attributes are read as one array (`Doc.to_array`) and their strings looked up
    once per distinct value: building a spaCy Token object per attribute read cost more
    than the rules themselves.
    """
    from spacy.attrs import DEP, HEAD, IDX, IS_SPACE, LEMMA, LENGTH, MORPH, POS, TAG

    columns = doc.to_array([IDX, LENGTH, LEMMA, POS, TAG, DEP, MORPH, IS_SPACE]).tolist()
    # Head offsets are signed; to_array hands them back as unsigned 64-bit integers.
    heads = doc.to_array([HEAD]).astype("int64").tolist()
    strings = doc.vocab.strings
    names: dict[int, str] = {}
    morphs: dict[int, tuple[str, str]] = {}

    def name(key: int) -> str:
        found = names.get(key)
        if found is None:
            found = names[key] = strings[key] if key else ""
        return found

    def tense_and_form(key: int) -> tuple[str, str]:
        found = morphs.get(key)
        if found is None:
            features: dict[str, list[str]] = {}
            for feature in (strings[key] if key else "").split("|"):
                field, _, value = feature.partition("=")
                if value:
                    features.setdefault(field, []).extend(value.split(","))
            found = morphs[key] = (
                ",".join(features.get("Tense", ())),
                ",".join(features.get("VerbForm", ())),
            )
        return found

    text = doc.text
    sentences: list[SentenceSpan] = []
    sent_of_token = [-1] * len(columns)
    for sent in doc.sents:
        words = [i for i in range(sent.start, sent.end) if not columns[i][7]]
        if not words:
            continue
        for i in range(sent.start, sent.end):
            sent_of_token[i] = len(sentences)
        first, last = columns[words[0]], columns[words[-1]]
        sentences.append(
            SentenceSpan(first=words[0], last=words[-1], start=first[0], end=last[0] + last[1])
        )
    tokens = []
    for i, (idx, length, lemma, pos, tag, dep, morph, _) in enumerate(columns):
        tense, verb_form = tense_and_form(morph)
        tokens.append(
            Token(
                i=i,
                start=idx,
                end=idx + length,
                text=text[idx : idx + length],
                lemma=name(lemma),
                pos=name(pos),
                tag=name(tag),
                dep=name(dep),
                head=i + heads[i],  # to_array gives the head as an offset
                sent=sent_of_token[i],
                tense=tense,
                verb_form=verb_form,
            )
        )
    entities = tuple(
        piece
        for e in doc.ents
        for piece in _within_sentences(e.start, e.end - 1, e.label_, sent_of_token, columns)
    )
    return Parse(tokens=tuple(tokens), sentences=tuple(sentences), entities=entities)


def _within_sentences(
    first: int, last: int, label: str, sent_of_token: list[int], columns: list[list[int]]
) -> list[EntitySpan]:
    """An entity cut where a sentence ends: the recogniser does not know that a line break
    ends a sentence, and a name never runs from a caption into the line below."""
    pieces: list[EntitySpan] = []
    start = first
    for i in range(first + 1, last + 2):
        if i > last or sent_of_token[i] != sent_of_token[start]:
            words = [k for k in range(start, i) if not columns[k][7]]  # whitespace left out
            if words:
                pieces.append(EntitySpan(words[0], words[-1], label))
            start = i
    return pieces
