"""The timeline of a corpus or a slice: slicing, sizes, the baseline, purity."""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import transforms.summarization
from tests.summarization.corpus import ARREST, FIRE, REPORT, article, plant_fire_articles, sentence
from transforms.summarization.parameters import DEFAULT
from transforms.summarization.scope import Scope, in_scope
from transforms.summarization.summarize import most_published, sentences_for, summarize


def _ids(scope: Scope) -> list[str]:
    return [a.doc_id for a in in_scope(plant_fire_articles(), scope)]


def test_slices_by_story_actor_query_and_range() -> None:
    assert _ids(Scope(story="fire-1")) == ["fire-1", "fire-1-copy"]
    assert _ids(Scope(story="fire-1-copy")) == ["fire-1-copy"]  # a document id is its own slice
    union = "organisation:chemical workers union"
    assert _ids(Scope(actor="the union", actor_keys=frozenset({union}))) == [
        "arrest-2",
        "report-2",
    ]
    assert _ids(Scope(actor="nobody")) == []  # a name that resolves to no actor keeps nothing
    assert _ids(Scope(query="Faulty VALVE")) == ["report-1", "report-2"]  # every word, any case
    assert _ids(Scope(query="halden dead")) == ["fire-1"]  # the title counts
    published = Scope(published_since=date(2024, 3, 9), published_until=date(2024, 3, 12))
    assert _ids(published) == ["arrest-2", "routine-1", "routine-2"]
    # a range of days bounds the key dates, not the articles that tell them
    assert len(_ids(Scope(since=date(2024, 3, 9), until=date(2024, 3, 12)))) == 8


def test_a_publication_range_leaves_out_articles_without_a_publication_date() -> None:
    undated = article("undated", None, sentence("The March 4 fire.", FIRE))
    assert [a.doc_id for a in in_scope([undated], Scope())] == ["undated"]
    assert list(in_scope([undated], Scope(published_since=date(2024, 1, 1)))) == []


def test_a_reversed_range_is_refused() -> None:
    with pytest.raises(ValueError, match="after it ends"):
        Scope(since=date(2024, 3, 9), until=date(2024, 3, 1))
    with pytest.raises(ValueError, match="after it ends"):
        Scope(published_since=date(2024, 3, 9), published_until=date(2024, 3, 1))


def test_the_scope_label_names_its_filters() -> None:
    assert Scope().label == "corpus"
    label = Scope(actor="BP", query="oil  Spill", since=date(2010, 5, 1)).label
    assert label == "actor=BP query=oil spill since=2010-05-01"


def test_the_timeline_has_at_most_n_dates_and_k_sentences_each() -> None:
    summary = summarize(plant_fire_articles(), dates=3, sentences=1)
    assert [key.rank for key in summary.dates] == [1, 2, 3]
    assert {key.day for key in summary.dates} == {FIRE, ARREST, REPORT}
    assert len(summary.sentences) == 3
    for key in summary.dates:
        [told] = summary.sentences_of(key.day)
        assert told.rank == 1
    texts = [told.sentence.text for told in summary.sentences]
    assert len(set(texts)) == len(texts)
    bigger = summarize(plant_fire_articles(), dates=3, sentences=3)
    assert all(1 <= len(bigger.sentences_of(key.day)) <= 3 for key in bigger.dates)


def test_the_last_days_taken_say_less() -> None:
    # of a 20-day timeline with 3 sentences a day, the last quarter (days 16-20) has 2
    assert [sentences_for(taken, 20, 3) for taken in (0, 14, 15, 19)] == [3, 3, 2, 2]
    assert sentences_for(3, 4, 1) == 1  # never none
    every_day_alike = replace(DEFAULT, minor_days=0.0)
    assert sentences_for(19, 20, 3, every_day_alike) == 3
    # the plant fire's corpus: its fourth and last day has one sentence, the others two
    summary = summarize(plant_fire_articles(), dates=4, sentences=2)
    told = {key.rank: len(summary.sentences_of(key.day)) for key in summary.dates}
    assert told == {1: 2, 2: 2, 3: 2, 4: 1}
    alike = summarize(plant_fire_articles(), dates=4, sentences=2, params=every_day_alike)
    assert {len(alike.sentences_of(key.day)) for key in alike.dates} == {2}


def test_a_slice_tells_only_its_own_days_from_its_own_articles() -> None:
    span = (date(2024, 3, 8), date(2024, 3, 21))
    scope = Scope(since=span[0], until=span[1], published_since=span[0], published_until=span[1])
    summary = summarize(plant_fire_articles(), scope, dates=10, sentences=2)
    assert summary.scope == (
        "since=2024-03-08 until=2024-03-21 published_since=2024-03-08 published_until=2024-03-21"
    )
    assert all(scope.holds_day(key.day) for key in summary.dates)
    kept = {a.doc_id for a in in_scope(plant_fire_articles(), scope)}
    assert {told.sentence.doc_id for told in summary.sentences} <= kept
    assert FIRE not in {key.day for key in summary.dates}  # before the range


def test_an_empty_slice_is_an_empty_timeline() -> None:
    summary = summarize(plant_fire_articles(), Scope(query="volcano"))
    assert summary.dates == () and summary.sentences == ()


def test_the_baseline_takes_the_most_published_days_and_their_leads() -> None:
    summary = most_published(plant_fire_articles(), dates=2, sentences=2)
    assert [key.day for key in summary.dates] == [date(2024, 3, 5), date(2024, 3, 12)]
    fifth = [told.sentence.text for told in summary.sentences_of(date(2024, 3, 5))]
    # two copies of one lead: said once
    assert fifth == [
        "A fire tore through the Halden chemical plant on Monday, killing three workers."
    ]
    assert len(summary.sentences_of(date(2024, 3, 12))) == 2


def test_the_stage_is_pure() -> None:
    """No DuckDB, Prefect, spaCy, files or clock: plain functions over plain records."""
    package = Path(transforms.summarization.__file__).parent
    sources = sorted(package.glob("*.py"))
    assert len(sources) >= 7
    for path in sources:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        imported = {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
        } | {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert not imported & {"duckdb", "prefect", "spacy", "pathlib", "os", "io"}, path.name
        assert "today()" not in source and "now()" not in source and "open(" not in source
