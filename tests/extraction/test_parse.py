"""from_spacy copies a spaCy Doc faithfully; tokens_in finds exactly the overlapping tokens."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from transforms.extraction.parse import from_spacy


def _doc() -> Doc:
    words = ["Kim", "met", "Putin", "on", "Friday", ".", "\n\n", "He", "will", "leave", "."]
    spaces = [True, True, True, True, False, False, False, True, True, False, False]
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=spaces,
        heads=[1, 1, 1, 1, 3, 1, 5, 9, 9, 9, 9],
        deps=[
            "nsubj",
            "ROOT",
            "dobj",
            "prep",
            "pobj",
            "punct",
            "dep",
            "nsubj",
            "aux",
            "ROOT",
            "punct",
        ],
        pos=[
            "PROPN",
            "VERB",
            "PROPN",
            "ADP",
            "PROPN",
            "PUNCT",
            "SPACE",
            "PRON",
            "AUX",
            "VERB",
            "PUNCT",
        ],
        tags=["NNP", "VBD", "NNP", "IN", "NNP", ".", "_SP", "PRP", "MD", "VB", "."],
        lemmas=["Kim", "meet", "Putin", "on", "Friday", ".", "\n\n", "he", "will", "leave", "."],
        morphs=[
            "",
            "Tense=Past|VerbForm=Fin",
            "",
            "",
            "",
            "",
            "",
            "",
            "VerbForm=Fin",
            "VerbForm=Inf",
            "",
        ],
        sent_starts=[True, False, False, False, False, False, False, True, False, False, False],
        ents=["B-PERSON", "O", "B-PERSON", "O", "B-DATE", "O", "O", "O", "O", "O", "O"],
    )


def test_from_spacy_copies_every_attribute_the_rules_read():
    doc = _doc()
    parse = from_spacy(doc)
    for tok, spacy_tok in zip(parse.tokens, doc, strict=True):
        assert (tok.i, tok.start, tok.end, tok.text) == (
            spacy_tok.i,
            spacy_tok.idx,
            spacy_tok.idx + len(spacy_tok.text),
            spacy_tok.text,
        )
        assert (tok.lemma, tok.pos, tok.tag, tok.dep, tok.head) == (
            spacy_tok.lemma_,
            spacy_tok.pos_,
            spacy_tok.tag_,
            spacy_tok.dep_,
            spacy_tok.head.i,
        )
        assert tok.tense == ",".join(spacy_tok.morph.get("Tense"))
        assert tok.verb_form == ",".join(spacy_tok.morph.get("VerbForm"))
    assert parse.tokens[4].head == 3  # a head before its dependant: a negative offset
    assert [(s.first, s.last) for s in parse.sentences] == [(0, 5), (7, 10)]
    assert parse.tokens[6].sent == 0  # whitespace belongs to its sentence but never ends it
    assert [(e.first, e.last, e.label) for e in parse.entities] == [
        (0, 0, "PERSON"),
        (2, 2, "PERSON"),
        (4, 4, "DATE"),
    ]


def test_tokens_in_matches_a_scan_for_every_span():
    parse = from_spacy(_doc())
    size = parse.tokens[-1].end + 2
    for start in range(size):
        for end in range(start, size):
            expected = [t for t in parse.tokens if t.start < end and t.end > start]
            assert parse.tokens_in(start, end) == expected
