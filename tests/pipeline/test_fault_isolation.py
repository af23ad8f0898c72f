"""One document's fault costs that document: exceptions, dying workers, texts too long for
the model, strings no encoder accepts."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.helpers import make_document
from tests.pipeline.faults import POISON, STAGES_THAT_EXIT, STAGES_THAT_RAISE
from transforms.model import Document
from warehouse.staging import StagedBatch, read_batch

STORIES = (
    "Officials in Lagos said on Friday that gunmen had kidnapped three aid workers.",
    "The governor met the families on Thursday and promised a rescue.",
    "Police arrested two suspects on Wednesday night, a spokesman said.",
    "The central bank raised its main interest rate on Thursday.",
)


def _batch(poisoned: int = 1) -> list[Document]:
    stories = [*STORIES[poisoned:], *(f"{POISON} text number {i}." for i in range(poisoned))]
    return [
        replace(make_document(text, date(2025, 5, 9)), path=f"in/{i}.txt")
        for i, text in enumerate(stories)
    ]


def _staged_paths(batch: StagedBatch) -> set[str]:
    return set(read_batch(batch)["sources"].column("path").to_pylist())


@pytest.mark.slow
def test_an_exception_in_one_documents_extraction_quarantines_that_document(
    tmp_path: Path,
) -> None:
    from pipeline.nlp import model_name
    from pipeline.workers import stage_documents

    documents = _batch()
    batch = stage_documents(
        documents, model_name(), "v-test", str(tmp_path), processes=1, stages=STAGES_THAT_RAISE
    )
    [rejection] = batch.rejections
    assert rejection.path == documents[-1].path
    assert rejection.error_class == "extraction_error"
    assert "ValueError: zip() argument 2 is shorter than argument 1" in rejection.reason
    assert "v-test" in rejection.reason and documents[-1].doc_id[:16] in rejection.reason
    assert _staged_paths(batch) == {d.path for d in documents[:-1]}


@pytest.mark.slow
def test_an_exception_in_a_worker_process_costs_only_its_document(tmp_path: Path) -> None:
    from pipeline.nlp import model_name
    from pipeline.workers import stage_documents

    documents = _batch(poisoned=2)
    batch = stage_documents(
        documents, model_name(), "v-test", str(tmp_path), processes=2, stages=STAGES_THAT_RAISE
    )
    assert {r.path for r in batch.rejections} == {d.path for d in documents[-2:]}
    assert _staged_paths(batch) == {d.path for d in documents[:-2]}


@pytest.mark.slow
def test_a_worker_that_dies_costs_a_retry_then_only_its_document(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from pipeline import workers
    from pipeline.nlp import model_name

    documents = _batch()
    batch = workers.stage_documents(
        documents, model_name(), "v-test", str(tmp_path), processes=2, stages=STAGES_THAT_EXIT
    )
    [rejection] = batch.rejections
    assert rejection.path == documents[-1].path
    assert rejection.error_class == "extraction_error"
    assert "worker process died" in rejection.reason and "v-test" in rejection.reason
    assert _staged_paths(batch) == {d.path for d in documents[:-1]}
    attempts = [r.message for r in caplog.records if "while extracting a batch" in r.message]
    assert len(attempts) == 2 and "one by one" in attempts[-1]
    assert not workers._POOLS  # broken pools are shut down, none left running
    # The next batch gets a fresh pool and extracts as usual.
    again = workers.stage_documents(
        documents[:-1], model_name(), "v-test", str(tmp_path), processes=2
    )
    assert not again.rejections and _staged_paths(again) == {d.path for d in documents[:-1]}


def _blank_model(*, explode_on: str | None = None):
    import spacy
    from spacy.language import Language

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    if explode_on is not None:
        name = "chronicle_test_explode"
        if name not in Language.factories:

            @Language.component(name)
            def explode(doc):  # type: ignore[no-untyped-def]
                if explode_on in doc.text:
                    raise RuntimeError("the model failed on this text")
                return doc

        nlp.add_pipe(name)
    return nlp


def test_a_text_over_the_models_length_limit_is_parsed_in_chunks() -> None:
    """spaCy refuses texts over 1,000,000 characters (E088); chunks never reach it."""
    from pipeline.nlp import parse_each

    nlp = _blank_model()
    paragraph = "The council met on Friday and approved the budget. " * 20 + "\n\n"
    text = paragraph * (1_100_000 // len(paragraph))
    assert len(text) > nlp.max_length
    [parse] = list(parse_each(nlp, [text]))
    assert not isinstance(parse, Exception)
    assert parse.tokens[-1].end == len(text)
    assert all(text[t.start : t.end] == t.text for t in parse.tokens[::997])
    assert [t.i for t in parse.tokens] == list(range(len(parse.tokens)))
    starts = [s.start for s in parse.sentences]
    assert starts == sorted(starts) and len(starts) == text.count("budget.")


def test_a_text_the_model_fails_on_costs_only_itself() -> None:
    from pipeline.nlp import parse_each

    nlp = _blank_model(explode_on=POISON)
    texts = ["A first text.", f"A {POISON} text.", "A third text."]
    parsed = list(parse_each(nlp, texts))
    assert isinstance(parsed[1], RuntimeError)
    assert [t.text for t in parsed[0].tokens] == ["A", "first", "text", "."]
    assert [t.text for t in parsed[2].tokens] == ["A", "third", "text", "."]


# --------------------------------------------------------------------------------------------
# Strings no encoder accepts, repaired where they enter
# --------------------------------------------------------------------------------------------

HTML_WITH_BAD_JSON_LD = """<!doctype html><html><head><title>Port strike ends</title>
<script type="application/ld+json">
{"@type": "NewsArticle", "headline": "Port strike \\udc80 ends", "author": {"name": "J\\ud800"},
 "datePublished": "2025-05-09"}
</script></head><body><article><h1>Port strike ends</h1>
<p>Dock workers ended a week-long strike on Friday after unions accepted a pay deal, the port
authority said in a statement issued in Rotterdam.</p>
<p>Ships queued outside the harbour will be unloaded over the weekend, it said.</p>
</article></body></html>"""


@pytest.fixture
def hostile_strings(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    story = "The council approved the budget on Friday, officials said."
    (folder / "lone.json").write_text(
        '{"text": "The mayor resigned on Monday \\udc80 after a vote.", "title": "Bad \\ud800",'
        ' "published": "2025-05-09", "k\\udfff": "v"}',
        encoding="utf-8",
    )
    (folder / "pair.json").write_text(
        '{"text": "Fans cheered \\ud83d\\ude00 as the team won on Sunday."}', encoding="utf-8"
    )
    (folder / "lines.jsonl").write_text(
        '{"text": "Line one \\udc80 says the port reopened on Tuesday."}\n'
        '{"text": "Line two says the mayor resigned on Monday."}\n'
        "{not json\n",
        encoding="utf-8",
    )
    (folder / "page.html").write_text(HTML_WITH_BAD_JSON_LD, encoding="utf-8")
    os.mkdir(os.fsencode(folder) + b"/dir\xff")
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "w", encoding="utf-8") as handle:
        handle.write(story)
    with open(os.fsencode(folder) + b"/dir\xff/x.txt", "w", encoding="utf-8") as handle:
        handle.write(story.replace("Friday", "Monday"))
    return folder


def _every_string_encodes(*records: object) -> None:
    for record in records:
        for value in vars(record).values():
            strings = value.values() if isinstance(value, dict) else [value]
            keys = value.keys() if isinstance(value, dict) else []
            for text in [*strings, *keys]:
                if isinstance(text, str):
                    text.encode("utf-8")  # raises on a lone surrogate


def test_surrogates_and_undecodable_names_are_repaired_where_they_enter(
    hostile_strings: Path,
) -> None:
    from pipeline.files import discover_files, read_documents

    files, missing = discover_files([str(hostile_strings)])
    documents, rejections = read_documents(files)
    assert not missing
    _every_string_encodes(*documents, *rejections)
    by_name = {Path(d.path).name: d for d in documents}
    assert "caf\\xe9.txt" in by_name and "x.txt" in by_name
    assert any("dir\\xff" in d.path for d in documents)
    lone = by_name["lone.json"]
    assert "\ufffd" in lone.text and lone.title == "Bad \ufffd"
    assert "lone surrogate" in lone.meta["repaired"]
    assert "Fans cheered \U0001f600 as" in by_name["pair.json"].text  # a valid pair is joined
    page = by_name["page.html"]
    assert page.title == "Port strike \ufffd ends" and page.byline == "J\ufffd"
    # The JSONL line with a surrogate is repaired alone; its good neighbour is kept and
    # the broken line quarantined alone.
    lines = sorted(d.text for d in documents if d.path.endswith("lines.jsonl"))
    assert len(lines) == 2 and lines[0].startswith("Line one \ufffd")
    assert [(Path(r.path).name, r.line) for r in rejections] == [("lines.jsonl", 3)]


@pytest.mark.slow
def test_repaired_documents_load_into_the_warehouse(hostile_strings: Path, nlp_parse) -> None:
    from pipeline.files import discover_files, read_documents
    from transforms.extraction.stages import extract
    from warehouse import load
    from warehouse.connection import connect

    documents, _ = read_documents(discover_files([str(hostile_strings)])[0])
    extractions = [
        extract(d, p, "v-test") for d, p in zip(documents, nlp_parse(documents), strict=True)
    ]
    con = connect(hostile_strings.parent / "w.duckdb")
    stats = load.load_extractions(con, extractions)
    assert stats.documents_new == len(documents) == 7
    paths = {path for (path,) in con.execute("SELECT path FROM sources").fetchall()}
    assert any(path.endswith("caf\\xe9.txt") for path in paths)
    con.close()
