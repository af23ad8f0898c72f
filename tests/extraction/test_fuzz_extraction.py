"""Property: extraction returns, for every input, with the real spaCy model.

The strategies below produce the parses that broke extraction on real long-form news:
phrases left empty or only punctuation once trimmed ("according to ,"), very long
sentences, text tokenized as research corpora ship it (spaces around punctuation, ``
and '' for quotes, -LRB- for brackets, n't split off) and tables flattened into lines.
Each generated text goes through ingestion's cleaning, the model (in chunks, as the
pipeline parses), every extraction stage and the warehouse tables; nothing may raise,
and every offset must point into the stored text.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.ingestion.documents import clean
from transforms.model import Document, SourceText

pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NAMES = ["Kim Jong Un", "Putin", "the company", "Lehman Brothers", "BP", "Obama", "He", "They"]
VERBS = ["said", "told", "met", "announced", "filed", "denied", "will visit", "has said"]
WHEN = ["on Friday", "last week", "in 2008", "Sept. 15", "yesterday", "2010-04-20", "today"]
PUNCTUATION = [",", ".", "--", "...", ";", ":", "''", "``", "(", ")", "-LRB-", "-RRB-", "-LCB-"]
CUES = ["according to", "as reported by", "by", "in", "of", "that", "'s", "n't", "not"]

words = st.sampled_from(NAMES + VERBS + WHEN + PUNCTUATION + CUES)
punctuation_only = st.lists(st.sampled_from(PUNCTUATION), min_size=1, max_size=6).map(" ".join)


@st.composite
def odd_phrases(draw: st.DrawFn) -> str:
    """Attributions and arguments that are empty or punctuation once trimmed."""
    sentences = []
    for _ in range(draw(st.integers(1, 6))):
        cue = draw(st.sampled_from(CUES))
        sentences.append(
            f"{draw(st.sampled_from(['', *NAMES]))} {draw(st.sampled_from(VERBS))} "
            f"{draw(punctuation_only)} {cue} {draw(punctuation_only)} "
            f"{draw(st.sampled_from(WHEN))} {draw(st.sampled_from(['.', '', ',', '?']))}"
        )
    return " ".join(sentences)


@st.composite
def tokenized_news(draw: st.DrawFn) -> str:
    """One sentence per line, tokens spaced, `` '' quotes: how Timeline17 ships articles."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        tokens = draw(st.lists(words, min_size=1, max_size=30))
        quoted = draw(st.booleans())
        lines.append(("`` " if quoted else "") + " ".join(tokens) + (" '' ." if quoted else " ."))
    return "\n".join(lines) + "\n"


@st.composite
def long_sentences(draw: st.DrawFn) -> str:
    """A sentence of thousands of words without a full stop, between ordinary ones."""
    length = draw(st.integers(500, 4000))
    body = " ".join(draw(words) for _ in range(40))
    run = " ".join([body] * (length // 40)).replace(".", ",")
    return f"Putin met Kim on Friday. {run} and then it ended. They left on Monday."


@st.composite
def flattened_tables(draw: st.DrawFn) -> str:
    """A table whose cells became one line each, or one row per line with separators."""
    separator = draw(st.sampled_from([" | ", "\t", "  ", " ", ""]))
    rows = [separator.join(["Date", "Event", "Who"])]
    for _ in range(draw(st.integers(1, 12))):
        cells = [draw(st.sampled_from(WHEN)), draw(st.sampled_from(VERBS)), draw(words)]
        rows.append(separator.join(cells))
    return "\n".join(rows)


def _documents(text: str) -> list[Document]:
    cleaned = clean(SourceText("fuzz.txt", text, meta={"published": "2010-05-09"}))
    return [cleaned] if isinstance(cleaned, Document) else []


def _extracts(text: str) -> None:
    from pipeline.nlp import load_model, model_name, parse_each
    from pipeline.version import extractor_version
    from transforms.extraction.stages import extract, text_for_parsing
    from warehouse.tables import build_tables

    documents = _documents(text)
    nlp = load_model(model_name())
    parses = list(parse_each(nlp, [text_for_parsing(d) for d in documents], chunk_chars=2000))
    for document, parse in zip(documents, parses, strict=True):
        assert not isinstance(parse, Exception), parse
        extraction = extract(document, parse, extractor_version())
        build_tables([extraction])  # refuses dangling references and repeated keys
        stored = document.text
        for sentence in extraction.sentences:
            assert stored[sentence.start : sentence.end] == sentence.text
        for item in (*extraction.timexes, *extraction.mentions):
            assert stored[item.start : item.end] == item.text
        for event in extraction.events:
            assert stored[event.start : event.end] == event.trigger


ODD_TEXTS = {  # the kind of text: its strategy and how many examples to try
    "empty-and-punctuation-only-phrases": (odd_phrases(), 40),
    "tokenized-text-with-backtick-quotes": (tokenized_news(), 40),
    "very-long-sentences": (long_sentences(), 8),
    "flattened-tables": (flattened_tables(), 40),
}


def test_a_name_the_parse_reads_across_a_wrapped_line_keeps_its_text_as_written() -> None:
    """Found by the flattened tables below: the parse reads the line break inside "He\non
    Friday ... Putin" as a space, the stored text keeps it."""
    _extracts("Date Event Who\non FridaysaidHe\non FridaysaidPutin")
    _extracts("DateEventWho\non FridaysaidHe\non FridaysaidPutin")


@pytest.mark.parametrize("kind", ODD_TEXTS)
def test_extraction_returns_for_every_odd_text(kind: str) -> None:
    strategy, examples = ODD_TEXTS[kind]
    settings(FUZZ, max_examples=examples)(given(strategy)(_extracts))()
