"""A page's lines are sentence boundaries for the parser, and its furniture yields nothing:
an invented page run through cleaning, the project's spaCy model and extraction."""

from __future__ import annotations

import pytest

from pipeline.nlp import load_model, model_name
from transforms.extraction.stages import extract, text_for_parsing
from transforms.ingestion.documents import clean
from transforms.model import Document, Extraction, SourceText

PAGE = (
    "Harbour Plan Approved\n"
    "Officials say the works will take two years\n"
    "March 4, 2031\n"
    "© Example Agency\n"
    "Crowds gathered at the quay as the vote was announced on Tuesday. (AP Photo/Jane Doe)\n"
    "PORTLAND, Maine — The city council approved the harbour plan on Tuesday.\n"
    "Read next: Ferry workers strike over pay\n"
    "Mayor Ann Lee said work would begin in April.\n"
    "Support The Example Courier!\n"
    "Sign up for our weekly newsletter\n"
    "Contractors will bid for the work next month\n"
    "Jane Doe\n"
    "The council also approved a new bridge.\n"
)
FURNITURE = (
    "Harbour Plan Approved",
    "Officials say the works will take two years",
    "March 4, 2031",
    "© Example Agency",
    "Crowds gathered at the quay as the vote was announced on Tuesday. (AP Photo/Jane Doe)",
    "PORTLAND, Maine —",
    "Read next: Ferry workers strike over pay",
    "Support The Example Courier!",
    "Sign up for our weekly newsletter",
    "Contractors will bid for the work next month",
    "Jane Doe",
)


@pytest.fixture(scope="module")
def page(nlp_parse) -> Extraction:
    document = clean(SourceText("page.txt", PAGE, {"published": "2031-03-05"}))
    assert isinstance(document, Document)
    [parse] = nlp_parse([document])
    return extract(document, parse, "test")


def _spans(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def test_no_sentence_crosses_a_line_break(page: Extraction) -> None:
    for sentence in page.sentences:
        assert "\n" not in sentence.text, sentence.text


def test_nothing_is_extracted_from_furniture(page: Extraction) -> None:
    text = page.document.text
    for line in FURNITURE:
        start, end = _spans(text, line)
        inside = lambda s, e, a=start, b=end: a <= s and e <= b  # noqa: E731
        assert not [e.trigger for e in page.events if inside(e.start, e.end)], line
        assert not [m.text for m in page.mentions if inside(m.start, m.end)], line
        assert not [s.text for s in page.sentences if s.start < end and start < s.end], line


def test_the_story_is_extracted_with_offsets_into_the_stored_text(page: Extraction) -> None:
    lemmas = {e.lemma for e in page.events}
    assert {"approve", "begin"} <= lemmas
    for event in page.events:
        assert page.document.text[event.start : event.end] == event.trigger
    assert any(a.name == "Ann Lee" for a in page.actors)
    assert not any(a.name == "Portland" for a in page.actors)  # the dateline is furniture


def test_the_parser_starts_a_sentence_at_every_line_break() -> None:
    # Two lines the small model would read as one sentence ("... Smith\nSuper Bowl ...").
    nlp = load_model(model_name())
    text = "Jane Smith\nHarbour Festival 2031\nThe crowd cheered the band"
    doc = nlp(text)
    starts = {s.start_char for s in doc.sents}
    assert {0, text.index("Harbour"), text.index("The crowd")} <= starts
    assert not any("\n" in s.text.strip() for s in doc.sents)


def test_a_wrapped_sentence_reaches_the_parser_as_one_line(nlp_parse) -> None:
    text = "The council approved the plan on Tuesday after a long\ndebate that ran late.\n"
    document = clean(SourceText("wrapped.txt", text))
    assert isinstance(document, Document)
    parsed = text_for_parsing(document)
    assert parsed.index(" debate") == text.index("\ndebate")  # same offsets, a space
    [parse] = nlp_parse([document])
    assert len(parse.sentences) == 1
