"""Long texts parsed in chunks: where they are cut, and the chunks' parses joined back."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import make_document
from transforms.extraction.chunking import chunk_spans
from transforms.extraction.parse import EntitySpan, Parse, SentenceSpan, Token, join_parses


def _covers(text: str, spans: list[tuple[int, int]], limit: int) -> None:
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end == start
    assert all(0 < end - start <= limit for start, end in spans) or text == ""


def test_a_text_within_the_limit_is_one_chunk() -> None:
    assert chunk_spans("Short.\n\nText.", 100) == [(0, 13)]
    assert chunk_spans("", 100) == [(0, 0)]


def test_paragraph_breaks_are_preferred_to_line_and_sentence_ends() -> None:
    text = "One. Two.\nThree.\n\nFour. Five."
    spans = chunk_spans(text, 20)
    _covers(text, spans, 20)
    assert [text[s:e] for s, e in spans] == ["One. Two.\nThree.\n\n", "Four. Five."]


def test_without_paragraphs_lines_then_sentences_then_words_are_used() -> None:
    lines = "First line here .\nSecond line here .\nThird line here ."
    assert [lines[s:e] for s, e in chunk_spans(lines, 40)] == [
        "First line here .\nSecond line here .\n",
        "Third line here .",
    ]
    sentences = "He came. She went. They stayed."
    assert [sentences[s:e] for s, e in chunk_spans(sentences, 20)] == [
        "He came. She went. ",
        "They stayed.",
    ]
    words = "alpha beta gamma delta"
    assert [words[s:e] for s, e in chunk_spans(words, 12)] == ["alpha beta ", "gamma delta"]


def test_a_run_without_any_boundary_is_cut_at_the_limit() -> None:
    text = "x" * 25
    spans = chunk_spans(text, 10)
    _covers(text, spans, 10)
    assert spans == [(0, 10), (10, 20), (20, 25)]


@pytest.mark.parametrize("limit", [1, 7, 50, 333])
def test_chunks_cover_any_text_in_order_within_the_limit(limit: int) -> None:
    text = ("Paragraph one. It has sentences!\nA line.\n\n" * 40) + "word " * 100 + "z" * 900
    _covers(text, chunk_spans(text, limit), limit)


def test_the_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        chunk_spans("text", 0)


def _token(i: int, start: int, text: str, head: int, sent: int) -> Token:
    return Token(i, start, start + len(text), text, text, "X", "X", "dep", head, sent, "", "")


def test_joined_parses_read_as_the_parse_of_the_whole_text() -> None:
    # "Kim met Putin." + "\n\n" + "He left." parsed as two chunks.
    first = Parse(
        tokens=(
            _token(0, 0, "Kim", 1, 0),
            _token(1, 4, "met", 1, 0),
            _token(2, 8, "Putin", 1, 0),
            _token(3, 13, ".", 1, 0),
        ),
        sentences=(SentenceSpan(0, 3, 0, 14),),
        entities=(EntitySpan(0, 0, "PERSON"), EntitySpan(2, 2, "PERSON")),
    )
    second = Parse(
        tokens=(_token(0, 0, "He", 1, 0), _token(1, 3, "left", 1, 0), _token(2, 7, ".", 1, 0)),
        sentences=(SentenceSpan(0, 2, 0, 8),),
        entities=(),
    )
    joined = join_parses([(0, first), (16, second)])
    text = "Kim met Putin.\n\nHe left."
    assert [text[t.start : t.end] for t in joined.tokens] == [t.text for t in joined.tokens]
    assert [t.i for t in joined.tokens] == list(range(7))
    assert [t.head for t in joined.tokens] == [1, 1, 1, 1, 5, 5, 5]
    assert [t.sent for t in joined.tokens] == [0, 0, 0, 0, 1, 1, 1]
    assert joined.sentences[1] == SentenceSpan(4, 6, 16, 24)
    assert joined.entities == (EntitySpan(0, 0, "PERSON"), EntitySpan(2, 2, "PERSON"))
    assert joined.sentence_at(17) == 1 and joined.sentence_at(15) is None
    assert join_parses([(0, first)]) is first


STORIES = [
    "Officials in Lagos said on Friday that gunmen had kidnapped three aid workers on "
    "Tuesday.\n\nThe governor met the families on Thursday and promised a rescue. Police "
    "arrested two suspects on Wednesday night. The army joined the search on Friday.\n\n"
    "President Bola Tinubu said the government would not pay a ransom, according to a "
    "statement released on Saturday.",
    "The central bank raised its main interest rate on Thursday, its third increase this "
    "year. Governor Maria Lopez told reporters the bank was prepared to act again. Markets "
    "had expected the move after figures last week showed prices rising in March.\n\nThe "
    "currency rose half a percent against the dollar after the announcement on Thursday.",
]
LONGEST_SENTENCE = 115


@pytest.mark.slow
@pytest.mark.parametrize("story", STORIES)
@pytest.mark.parametrize("chunk_chars", [160, LONGEST_SENTENCE + 5])
def test_chunked_extraction_equals_the_whole_texts_and_points_into_it(
    story: str, chunk_chars: int
) -> None:
    """Parsed in paragraphs (160) or sentences (120: a paragraph is longer), a story short
    enough to parse whole gives the same extraction, and every offset still points into
    its text."""
    from pipeline.nlp import load_model, model_name, parse_each
    from transforms.extraction.stages import extract, text_for_parsing

    nlp = load_model(model_name())
    document = make_document(story, date(2025, 5, 9))
    text = text_for_parsing(document)
    [whole] = list(parse_each(nlp, [text]))
    [chunked] = list(parse_each(nlp, [text], chunk_chars=chunk_chars, batch_chars=chunk_chars))
    assert isinstance(whole, Parse) and isinstance(chunked, Parse)
    assert len(chunk_spans(text, chunk_chars)) > 1
    assert max(len(s) for s in story.replace("\n", " ").split(". ")) < LONGEST_SENTENCE
    one, other = extract(document, whole, "v"), extract(document, chunked, "v")
    assert other.timexes and other.events and other.mentions
    assert other == one
    for sentence in other.sentences:
        assert story[sentence.start : sentence.end] == sentence.text
    for timex in other.timexes:
        assert story[timex.start : timex.end] == timex.text
    for event in other.events:
        assert story[event.start : event.end] == event.trigger
