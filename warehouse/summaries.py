"""The warehouse's side of timeline summarization: it reads the sentences and what was
extracted of them as `ArticleRecord`s, and writes a scope's key dates and their sentences
(`key_dates`, `key_date_sentences`). What is key is decided by the plain functions of
`transforms/summarization`.

A run refreshes the corpus's timeline (`flows.tasks.refresh_key_dates`) once at its end,
when the documents changed since it was last computed (`stale`); slices (`chronicle
summarize --actor ...`) are computed on demand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import duckdb

from transforms.summarization.records import (
    ArticleRecord,
    DayTimex,
    SentenceRecord,
    Summary,
    day_references,
    says_only_when,
)
from transforms.summarization.scope import Scope
from transforms.summarization.summarize import DEFAULT_DATES, DEFAULT_SENTENCES, summarize
from warehouse import sql

CORPUS = Scope()
_SALIENCE_COLUMNS = {"salience", "is_key"}


def resolve(con: duckdb.DuckDBPyConnection, scope: Scope) -> Scope:
    """The scope with its actor's canonical keys looked up (none when nobody has the name)."""
    if not scope.actor:
        return scope
    keys = frozenset(
        key for (key,) in sql.run(con, "summaries/actor_keys", {"entity": scope.actor})
    )
    return replace(scope, actor_keys=keys)


def articles(con: duckdb.DuckDBPyConnection, scope: Scope = CORPUS) -> list[ArticleRecord]:
    """Every document the scope's publication range lets in (all without one), with its sentences
    as summarization reads them. Salience is read where the warehouse has it; actors only
    when the scope slices by one."""
    bounds = {"since": scope.published_since, "until": scope.published_until}
    rows = sql.run(con, "summaries/sentences", bounds)
    salience = _salience(con)
    actors: dict[str, frozenset[str]] = {}
    if scope.actor:
        actors = {doc: frozenset(keys) for doc, keys in sql.run(con, "summaries/article_actors")}
    found: list[ArticleRecord] = []
    current: list[Any] = []
    for row in rows:
        if current and row[0] != current[0][0]:
            found.append(_article(current, salience, actors))
            current = []
        current.append(row)
    if current:
        found.append(_article(current, salience, actors))
    return found


def _salience(
    con: duckdb.DuckDBPyConnection,
) -> dict[tuple[str, int], tuple[float, bool]] | None:
    """Each sentence's top salience and key flag (sentences with no event have none), or
    None on a warehouse without the columns: the ranking then does without them."""
    columns = {name for (name,) in sql.run(con, "summaries/event_columns")}
    if not columns >= _SALIENCE_COLUMNS:
        return None
    return {
        (doc, index): (float(top or 0.0), bool(key))
        for doc, index, top, key in sql.run(con, "summaries/event_salience")
    }


def _article(
    rows: Sequence[Any],
    salience: dict[tuple[str, int], tuple[float, bool]] | None,
    actors: dict[str, frozenset[str]],
) -> ArticleRecord:
    doc_id, published, title, story = rows[0][:4]
    sentences = []
    for row in rows:
        index, start, end, text, refs, event_days, events, asserted, vaguely_past = row[4:]
        top, key = (None, None) if salience is None else salience.get((doc_id, index), (0.0, False))
        timexes = [DayTimex(**ref) for ref in refs or ()]
        sentences.append(
            SentenceRecord(
                doc_id=doc_id,
                index=index,
                start=start,
                end=end,
                text=text,
                references=day_references(timexes, text, start),
                event_days=tuple(event_days or ()),
                events=events,
                asserted=asserted,
                vaguely_past=vaguely_past,
                salience=top,
                key=key,
                only_when=says_only_when(timexes, text, start),
            )
        )
    return ArticleRecord(
        doc_id=doc_id,
        published=published,
        story=story,
        sentences=tuple(sentences),
        title=title,
        actors=actors.get(doc_id, frozenset()),
    )


def summary_of(
    con: duckdb.DuckDBPyConnection,
    scope: Scope = CORPUS,
    dates: int = DEFAULT_DATES,
    sentences: int = DEFAULT_SENTENCES,
) -> Summary:
    """The scope's timeline, computed now from the warehouse as it is."""
    scope = resolve(con, scope)
    return summarize(articles(con, scope), scope, dates, sentences)


def documents_of(con: duckdb.DuckDBPyConnection, summary: Summary) -> dict[str, dict[str, Any]]:
    """Title, source, url and publication date of each document the summary quotes."""
    doc_ids = sorted({told.sentence.doc_id for told in summary.sentences})
    rows = sql.records(con, "summaries/documents_of", {"doc_ids": doc_ids})
    return {row["doc_id"]: row for row in rows}


def stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the corpus's timeline is older than the documents, or names one that is gone."""
    return bool(sql.run(con, "summaries/stale", {"scope": CORPUS.label})[0][0])


def write(
    con: duckdb.DuckDBPyConnection, summary: Summary, computed_at: datetime | None = None
) -> None:
    """Replace the scope's rows by the summary's, in one transaction."""
    moment = sql.utc_naive(computed_at)
    with sql.transaction(con):
        for table in ("key_dates", "key_date_sentences"):
            sql.run(con, "summaries/delete_scope", {"scope": summary.scope}, table=table)
        sql.insert(
            con,
            "key_dates",
            [
                {
                    "scope": summary.scope,
                    "date": key.day,
                    "rank": key.rank,
                    "score": key.score,
                    "referring_stories": key.references,
                    "stories_published": key.published,
                    "salience": key.salience,
                    "computed_at": moment,
                }
                for key in summary.dates
            ],
        )
        sql.insert(
            con,
            "key_date_sentences",
            [
                {
                    "scope": summary.scope,
                    "date": told.day,
                    "rank": told.rank,
                    "score": told.score,
                    "doc_id": told.sentence.doc_id,
                    "sentence_index": told.sentence.index,
                    "char_start": told.start,
                    "char_end": told.end,
                    "text": told.text,
                    "published": told.published,
                    "support": told.support,
                    "computed_at": moment,
                }
                for told in summary.sentences
            ],
        )
