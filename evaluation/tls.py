"""`chronicle evaluate tls`: timeline summarization on a Timeline17 topic folder.

A topic's articles are processed once: each is written as a Chronicle input (its text
detokenized, its folder date as `published`, its source), one run of the ingest flow
loads them all into one warehouse for the topic, and each task of `tasks.tsv` is then a
summary of a slice of it (`transforms.summarization`): the articles published between
the task's first and last date, at most its number of dates and sentences per date,
written to `OUT_DIR/<name>.txt` in the references' format. `TOPIC_DIR/timelines/` is
never read. A folder of topics (each a folder with its `tasks.tsv`) is evaluated topic by
topic into `OUT_DIR/<topic>/`.

The inputs and the warehouse stay in `OUT_DIR/.chronicle/` (the scorer skips hidden
folders), so a second evaluation finds every document loaded already and only
summarizes again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evaluation.timeline17 import (
    TASKS_FILE,
    Article,
    Task,
    TokenizedLines,
    read_articles,
    read_tasks,
    timeline_text,
)
from transforms.summarization.parameters import DEFAULT, Parameters
from transforms.summarization.records import ArticleRecord, Summary
from transforms.summarization.scope import Scope
from transforms.summarization.summarize import most_published, summarize

if TYPE_CHECKING:
    from pipeline.prefect_server import FlowApi

WORK_DIR = ".chronicle"  # under OUT_DIR: the inputs and the topic's warehouse
METHODS = ("chronicle", "baseline")

Summarizer = Callable[[list[ArticleRecord], Task], Summary]


@dataclass(frozen=True)
class TopicRun:
    """What evaluating one topic did, and how long its parts took."""

    topic: str
    articles: int
    documents: int  # in the topic's warehouse
    written: tuple[Path, ...]
    pipeline_seconds: float
    summarize_seconds: float


def summarizer(method: str = "chronicle", params: Parameters = DEFAULT) -> Summarizer:
    """The task's timeline by `method`: Chronicle's summarizer, or the naive baseline
    (the most-published days, each told by the leads of its articles)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")

    def run(records: list[ArticleRecord], task: Task) -> Summary:
        scope = Scope(
            since=task.first,
            until=task.last,
            published_since=task.first,
            published_until=task.last,
        )
        if method == "baseline":
            return most_published(records, scope, task.dates, task.sentences)
        return summarize(records, scope, task.dates, task.sentences, params)

    return run


def topic_dirs(path: Path) -> list[Path]:
    """`path` itself when it is a topic, else its sub-folders that are; none is an error."""
    if (path / TASKS_FILE).is_file():
        return [path]
    found = sorted(sub for sub in path.iterdir() if (sub / TASKS_FILE).is_file())
    if not found:
        raise FileNotFoundError(f"{path} has no {TASKS_FILE}, nor has any folder in it")
    return found


def evaluate_tls(
    path: Path,
    out_dir: Path,
    *,
    method: str = "chronicle",
    model: str | None = None,
    max_bytes: int | None = None,
    params: Parameters = DEFAULT,
) -> list[TopicRun]:
    """Evaluate the topic at `path` into `out_dir`, or each topic under `path` into
    `out_dir/<topic>/`."""
    from pipeline.prefect_server import flow_api

    topics = topic_dirs(path)
    single = topics == [path]
    with flow_api() as api:  # one Prefect API for every topic's run
        return [
            evaluate_topic(
                topic,
                out_dir if single else out_dir / topic.name,
                method=method,
                model=model,
                max_bytes=max_bytes,
                params=params,
                api=api,
            )
            for topic in topics
        ]


def evaluate_topic(
    topic_dir: Path,
    out_dir: Path,
    *,
    method: str = "chronicle",
    model: str | None = None,
    max_bytes: int | None = None,
    params: Parameters = DEFAULT,
    api: FlowApi,
) -> TopicRun:
    """Load the topic's articles into its warehouse in one run (reported to `api`), then
    write every task."""
    from flows.ingest import ingest
    from transforms.ingestion.size_limit import DEFAULT_MAX_BYTES
    from warehouse import summaries
    from warehouse.lock import open_warehouse

    tasks = read_tasks(topic_dir)
    run_summary = summarizer(method, params)  # an unknown method fails before the run
    started = time.perf_counter()
    articles = list(read_articles(topic_dir))
    lines = TokenizedLines()
    work = out_dir / WORK_DIR
    write_inputs(articles, work / "inputs", lines)
    db = work / "warehouse.duckdb"
    with api.flow_run():
        ingest(
            paths=[str(work / "inputs")],
            db=str(db),
            render_charts_after=False,
            model=model,
            max_bytes=max_bytes or DEFAULT_MAX_BYTES,
        )
    pipeline_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with open_warehouse(db, read_only=True) as con:
        records = summaries.articles(con)
    written = write_timelines(records, tasks, lines, out_dir, run_summary)
    return TopicRun(
        topic=topic_dir.name,
        articles=len(articles),
        documents=len(records),
        written=tuple(written),
        pipeline_seconds=pipeline_seconds,
        summarize_seconds=time.perf_counter() - started,
    )


def write_timelines(
    records: list[ArticleRecord],
    tasks: Iterable[Task],
    lines: TokenizedLines,
    out_dir: Path,
    run_summary: Summarizer,
) -> list[Path]:
    """Write each task's timeline to `out_dir/<name>.txt`, sentences tokenized as the
    corpus was; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for task in tasks:
        summary = run_summary(records, task)
        text = timeline_text(
            (
                key.day,
                [lines.tokenized(told.text) for told in summary.sentences_of(key.day)],
            )
            for key in summary.dates
        )
        path = out_dir / f"{task.name}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def write_inputs(articles: list[Article], folder: Path, lines: TokenizedLines) -> int:
    """Write each article as a Chronicle text file under `folder` (the topic's layout, `.md`
    so the scorer never takes one for a system timeline); returns how many were written.

    One paragraph per line: the corpus gives one sentence per line, and the pipeline never
    runs a sentence across paragraphs. An unchanged file is left alone, so a second run
    finds every document already in the warehouse.
    """
    for article in articles:
        body = "\n\n".join(lines.add(line) for line in article.lines)
        text = (
            "---\n"
            f"published: {article.published.isoformat()}\n"
            f"source: {article.source}\n"
            f"id: {article.path}\n"
            "---\n"
            f"{body}\n"
        )
        path = (folder / article.path).with_suffix(".md")
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return len(articles)
