"""A dependency parse as plain records, so rules never touch spaCy objects.

The extractor's rules read tokens, heads and entity labels only; keeping them in frozen
dataclasses lets batches cross process boundaries cheaply and lets tests build parses by
hand. `from_spacy` is the one place that knows spaCy's API.
"""

from __future__ import annotations

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

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if t.start < end and t.end > start]


def from_spacy(doc: Any) -> Parse:
    """Copy what the rules need out of a spaCy Doc, dropping whitespace-only sentences."""
    sentences: list[SentenceSpan] = []
    sent_of_token: dict[int, int] = {}
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if not words:
            continue
        index = len(sentences)
        for t in sent:
            sent_of_token[t.i] = index
        sentences.append(
            SentenceSpan(
                first=words[0].i,
                last=words[-1].i,
                start=words[0].idx,
                end=words[-1].idx + len(words[-1].text),
            )
        )
    tokens = tuple(
        Token(
            i=t.i,
            start=t.idx,
            end=t.idx + len(t.text),
            text=t.text,
            lemma=t.lemma_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            sent=sent_of_token.get(t.i, -1),
            tense=",".join(t.morph.get("Tense")),
            verb_form=",".join(t.morph.get("VerbForm")),
        )
        for t in doc
    )
    entities = tuple(EntitySpan(e.start, e.end - 1, e.label_) for e in doc.ents)
    return Parse(tokens=tokens, sentences=tuple(sentences), entities=entities)
