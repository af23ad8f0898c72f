"""Fitting the summarizer's weights leave-one-topic-out, and the figures that says they hold.

    python -m evaluation.tls_fit DATA_DIR EVAL_DIR [--scorer ../shared/tools/tls_score.py]

DATA_DIR is a folder of Timeline17 topics and EVAL_DIR what `chronicle evaluate tls
DATA_DIR EVAL_DIR` left (each topic's warehouse in `EVAL_DIR/<topic>/.chronicle/`), so
nothing is extracted again. Every point of `GRID` (a few of `Parameters`' weights; the
rest keep their values) summarizes every task of every topic once and is scored per task
with the benchmark's scorer. Then, for each topic, the point that scores best on the
*other* topics' tasks (corpus level: task-averaged P and R, then F1; the objective adds
date F1, AR-1 F and AR-2 F, each over its target) is the one that topic is scored with:
those are the leave-one-topic-out figures, per topic and over all tasks. The point that
scores best on every topic is printed last: what `parameters.DEFAULT` should hold.

Unlike `chronicle evaluate tls`, this reads the references (`<topic>/timelines/`): fitting
is the one step that may, and it never scores a topic with weights its own references
chose.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

from evaluation.timeline17 import TokenizedLines, read_articles, read_tasks
from evaluation.tls import WORK_DIR, summarizer, topic_dirs, write_timelines
from transforms.summarization.parameters import DEFAULT, Parameters

# The weights fitted, and the values each may take.
GRID: dict[str, tuple[float, ...]] = {
    "hindsight": (0.0, 0.5),
    "next_to_chosen": (0.5, 1.0),
    "relative_reference": (0.5, 1.0),
    "longest_words": (30, 40),
    "entry_bonus": (0.0, 2.0),
    "minor_days": (0.0, 0.25),
    "on_topic": (0.5, 1.0),
}
TARGETS = {"date": 0.68, "ar1": 0.14, "ar2": 0.045}


def grid_points(grid: dict[str, tuple[float, ...]] = GRID) -> list[dict[str, float]]:
    names = sorted(grid)
    return [
        dict(zip(names, values, strict=True))
        for values in itertools.product(*(grid[n] for n in names))
    ]


def corpus_figures(per_task: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Date F1, AR-1 F and AR-2 F over tasks as the scorer computes them: P and R averaged
    over the tasks, then F1."""

    def f1(cells: list[tuple[float, float]]) -> float:
        p = sum(c[0] for c in cells) / len(cells)
        r = sum(c[1] for c in cells) / len(cells)
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    tasks = list(per_task.values())
    return {
        "date": f1([(t["date"]["precision"], t["date"]["recall"]) for t in tasks]),
        "ar1": f1(
            [
                (t["align_m1"]["rouge_1"]["precision"], t["align_m1"]["rouge_1"]["recall"])
                for t in tasks
            ]
        ),
        "ar2": f1(
            [
                (t["align_m1"]["rouge_2"]["precision"], t["align_m1"]["rouge_2"]["recall"])
                for t in tasks
            ]
        ),
    }


def shown(figures: dict[str, float]) -> str:
    return f"date {figures['date']:.3f} AR-1 {figures['ar1']:.3f} AR-2 {figures['ar2']:.4f}"


def objective(figures: dict[str, float]) -> float:
    return sum(figures[name] / target for name, target in TARGETS.items())


def score_point(
    scorer: ModuleType, topics: list[Path], loaded: dict[str, Any], params: Parameters, out: Path
) -> dict[str, dict[str, Any]]:
    """Every task of every topic summarized with `params` and scored; by `topic/task`."""
    pairs = []
    for topic in topics:
        records, lines, tasks = loaded[topic.name]
        write_timelines(records, tasks, lines, out / topic.name, summarizer("chronicle", params))
        pairs += [
            (
                f"{topic.name}/{task.name}",
                str(topic / "timelines" / f"{task.name}.txt"),
                str(out / topic.name / f"{task.name}.txt"),
            )
            for task in tasks
        ]
    return scorer.evaluate(pairs)["per_task"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument(
        "--scorer",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "tools" / "tls_score.py",
    )
    args = parser.parse_args(argv)
    spec = importlib.util.spec_from_file_location("tls_score", args.scorer)
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer at {args.scorer}")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)

    from warehouse import summaries
    from warehouse.lock import open_warehouse

    topics = topic_dirs(args.data_dir)
    loaded = {}
    for topic in topics:
        lines = TokenizedLines()
        for article in read_articles(topic):
            for line in article.lines:
                lines.add(line)
        with open_warehouse(
            args.eval_dir / topic.name / WORK_DIR / "warehouse.duckdb", read_only=True
        ) as con:
            loaded[topic.name] = (summaries.articles(con), lines, read_tasks(topic))

    points = grid_points()
    scored: list[dict[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory(prefix="tls-fit-") as scratch:
        for index, point in enumerate(points):
            per_task = score_point(scorer, topics, loaded, replace(DEFAULT, **point), Path(scratch))
            scored.append(per_task)
            figures = corpus_figures(per_task)
            print(f"[{index + 1}/{len(points)}] {point}: {shown(figures)}", flush=True)

    def of(per_task: dict[str, Any], wanted: set[str]) -> dict[str, Any]:
        return {task: cells for task, cells in per_task.items() if task.split("/")[0] in wanted}

    names = {topic.name for topic in topics}
    held_out_tasks: dict[str, Any] = {}
    print("\nleave-one-topic-out: each topic scored with the point best on the other topics")
    for topic in sorted(names):
        others = names - {topic}
        best = max(
            range(len(points)), key=lambda i: objective(corpus_figures(of(scored[i], others)))
        )
        own = of(scored[best], {topic})
        held_out_tasks.update(own)
        figures = corpus_figures(own)
        print(f"  {topic:<8} fit on {', '.join(sorted(others))}: {points[best]}: {shown(figures)}")
        for task, cells in sorted(own.items()):
            print(
                f"           {task:<66} {cells['date']['f1']:.3f} "
                f"{cells['align_m1']['rouge_1']['f1']:.3f} {cells['align_m1']['rouge_2']['f1']:.4f}"
            )
    figures = corpus_figures(held_out_tasks)
    print(f"  all {len(held_out_tasks)} tasks, leave-one-topic-out: {shown(figures)}")
    best = max(range(len(points)), key=lambda i: objective(corpus_figures(scored[i])))
    figures = corpus_figures(scored[best])
    print(f"\nbest on all topics (the defaults): {points[best]}: {shown(figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
