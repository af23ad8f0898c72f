"""Timeline summarization's cost: on its own, and `chronicle evaluate tls` against the
pipeline's own cold run on the same articles.

    python -m bench.summarization_bench [--data ../shared/data/t17-dev] [--out bench/out/tls]

On the Timeline17 topics under --data, in one go and against one Prefect server started
beforehand (as `bench.pipeline_bench` does): the articles written as Chronicle inputs
(what `chronicle evaluate tls` writes), `chronicle evaluate tls` cold on the topics, then
`chronicle run` cold on the same articles as a user runs it (its own process, no charts),
and the ratio of the two, with the load averages after each. Then the summarization step
alone, in this process, on the warehouses the evaluation left: reading each topic's
articles from its warehouse, and summarizing every task, as articles per second; and the
corpus's timeline over the pipeline run's warehouse of every article (what a run's
refresh computes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from bench.pipeline_bench import REPO, prefect_server, remove_database, run_cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "t17-dev")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "tls")
    parser.add_argument("--max-bytes", type=int, default=None, help="passed to both runs")
    args = parser.parse_args(argv)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

    from evaluation.timeline17 import TokenizedLines, read_articles, read_tasks
    from evaluation.tls import WORK_DIR, summarizer, topic_dirs, write_inputs
    from transforms.summarization.summarize import summarize
    from warehouse import summaries
    from warehouse.lock import open_warehouse

    topics = topic_dirs(args.data)
    inputs = args.out / "inputs"
    shutil.rmtree(args.out, ignore_errors=True)
    articles = 0
    for topic in topics:
        articles += write_inputs(list(read_articles(topic)), inputs / topic.name, TokenizedLines())
    print(f"{articles} articles of {len(topics)} topics from {args.data}; load {_load()}")

    limit = ["--max-bytes", str(args.max_bytes)] if args.max_bytes else []
    db = args.out / "pipeline.duckdb"
    remove_database(db)
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    with prefect_server() as api:
        served = {**env, "PREFECT_API_URL": api}
        # The evaluation first, so its warehouses can be read while the pipeline runs.
        evaluate_args = ["evaluate", "tls", str(args.data), str(args.out / "eval"), *limit]
        evaluate_seconds, evaluate_peak = run_cli(evaluate_args, served)
        print(f"evaluate tls: {evaluate_seconds:.1f} s, load {_load()}", flush=True)
        run_args = ["run", str(inputs), "--db", str(db), "--no-charts", "--quiet", *limit]
        pipeline_seconds, pipeline_peak = run_cli(run_args, served)
        print(f"chronicle run: {pipeline_seconds:.1f} s, load {_load()}", flush=True)

    # The summarization step alone, on the warehouses the evaluation left.
    read_seconds = summarize_seconds = 0.0
    tasks = summarized = 0
    run_summary = summarizer()
    for topic in topics:
        warehouse = args.out / "eval" / topic.name / WORK_DIR / "warehouse.duckdb"
        started = time.perf_counter()
        with open_warehouse(warehouse, read_only=True) as con:
            records = summaries.articles(con)
        read_seconds += time.perf_counter() - started
        started = time.perf_counter()
        for task in read_tasks(topic):
            run_summary(records, task)
            tasks += 1
            summarized += sum(
                1
                for record in records
                if record.published and task.first <= record.published <= task.last
            )
        summarize_seconds += time.perf_counter() - started
    started = time.perf_counter()
    with open_warehouse(db, read_only=True) as con:
        everything = summaries.articles(con)
    corpus_read = time.perf_counter() - started
    started = time.perf_counter()
    summarize(everything)
    corpus_seconds = time.perf_counter() - started

    print(f"\n{'step':<58}{'seconds':>9}{'articles/s':>12}")
    rows = [
        ("chronicle run, cold, no charts (the pipeline)", pipeline_seconds, articles),
        ("chronicle evaluate tls, cold (pipeline + every task)", evaluate_seconds, articles),
        ("read the topics' articles from their warehouses", read_seconds, articles),
        (
            f"summarize {tasks} tasks ({summarized} articles in their spans)",
            summarize_seconds,
            summarized,
        ),
        (
            f"read all {len(everything)} documents from the pipeline's warehouse",
            corpus_read,
            len(everything),
        ),
        ("summarize them as one corpus (a run's refresh)", corpus_seconds, len(everything)),
    ]
    for label, seconds, count in rows:
        print(f"{label:<58}{seconds:>9.2f}{count / seconds:>12.1f}")
    print(
        f"\nevaluate tls / pipeline cold run: {evaluate_seconds / pipeline_seconds:.3f} "
        f"(target <= 1.2)"
    )
    print(f"peak memory: pipeline {pipeline_peak:.0f} MB, evaluate tls {evaluate_peak:.0f} MB")
    return 0


def _load() -> str:
    """The machine's load averages (1, 5, 15 min): timings here are only as quiet as it."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


if __name__ == "__main__":
    sys.exit(main())
