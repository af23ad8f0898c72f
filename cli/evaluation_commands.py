"""The verbs that measure the extractor on annotated corpora: `semeval2015`, `evaluate` and
`timeml`. The corpora are not in the repo (README.md, "Quality, measured"); the work is
in `evaluation/`, one module per benchmark.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def _missing(path: Path, *, folder: bool = False) -> bool:
    """True, with the one-line message, when `path` is not there (or is not a folder)."""
    if path.is_dir() if folder else path.exists():
        return False
    print(f"chronicle: no such {'folder' if folder else 'file or folder'}: {path}", file=sys.stderr)
    return True


# --- chronicle semeval2015 -------------------------------------------------------------


def add_semeval2015(subparsers: Any) -> None:
    semeval = subparsers.add_parser(
        "semeval2015", help="entity timelines in SemEval-2015 Task 4 format from raw TimeML"
    )
    semeval.add_argument("corpus_dir", type=Path)
    semeval.add_argument("entities_file", type=Path, help="one entity name per line")
    semeval.add_argument("out_dir", type=Path)
    semeval.add_argument("--model", default=None)
    semeval.set_defaults(handler=_semeval)


def _semeval(args: argparse.Namespace) -> int:
    from evaluation.semeval2015 import run_semeval2015

    if _missing(args.corpus_dir) or _missing(args.entities_file):
        return 2
    written = run_semeval2015(args.corpus_dir, args.entities_file, args.out_dir, args.model)
    print(f"{written} timelines written to {args.out_dir}")
    return 0


# --- chronicle evaluate ----------------------------------------------------------------


def add_evaluate(subparsers: Any) -> None:
    evaluate = subparsers.add_parser(
        "evaluate", help="score actors against MEANTIME, or write Timeline17 timelines"
    )
    corpora = evaluate.add_subparsers(dest="corpus", required=True)
    meantime = corpora.add_parser("meantime", help="actor mentions and timexes against MEANTIME")
    meantime.add_argument("corpus_dir", type=Path, help="e.g. meantime/intra-doc_annotation/…")
    meantime.add_argument("--model", default=None)
    meantime.set_defaults(handler=_evaluate)
    tls = corpora.add_parser(
        "tls",
        help="timeline summarization: one timeline per task of a Timeline17 topic",
        description="For each line of TOPIC_DIR/tasks.tsv, write OUT_DIR/<name>.txt in the "
        "references' format from the articles published in the task's range. TOPIC_DIR may "
        "also be a folder of topics (written to OUT_DIR/<topic>/). The inputs and the "
        "topic's warehouse are kept in OUT_DIR/.chronicle/. Score with tls_score.py.",
    )
    tls.add_argument("topic_dir", type=Path)
    tls.add_argument("out_dir", type=Path)
    tls.add_argument(
        "--method",
        choices=("chronicle", "baseline"),
        default="chronicle",
        help="chronicle's summarizer, or the naive baseline (the most-published days, "
        "each with the leads of that day's articles)",
    )
    tls.add_argument("--model", default=None)
    tls.add_argument(
        "--max-bytes", type=int, default=None, help="quarantine larger articles (20 MiB)"
    )
    tls.set_defaults(handler=_evaluate_tls)


def _evaluate(args: argparse.Namespace) -> int:
    from evaluation.meantime import meantime_scores

    if _missing(args.corpus_dir, folder=True):
        return 2
    scores = meantime_scores(args.corpus_dir, args.model)
    print(f"{'view':<14}{'type':<9}{'P':>7}{'R':>7}{'F1':>7}")
    for view in ("named", "named_strict", "all"):
        for kind, s in scores[view].items():
            print(
                f"{view:<14}{kind:<9}{100 * s['precision']:>7.1f}{100 * s['recall']:>7.1f}"
                f"{100 * s['f1']:>7.1f}"
            )
    timex = scores["timex"]
    if timex:
        print(f"\ntimexes (gold {timex['gold']}, system {timex['system']}): F1")
        for measure in ("strict", "relaxed", "value", "type"):
            print(f"  {measure:<9}{100 * timex[measure]:>7.1f}")
    return 0


def _evaluate_tls(args: argparse.Namespace) -> int:
    from evaluation.tls import evaluate_tls

    if _missing(args.topic_dir, folder=True):
        return 2
    for run in evaluate_tls(
        args.topic_dir,
        args.out_dir,
        method=args.method,
        model=args.model,
        max_bytes=args.max_bytes,
    ):
        print(
            f"{run.topic}: {run.articles} articles, {run.documents} documents; "
            f"{len(run.written)} timelines written; pipeline {run.pipeline_seconds:.1f} s, "
            f"summaries {run.summarize_seconds:.1f} s"
        )
    return 0


# --- chronicle timeml ------------------------------------------------------------------


def add_timeml(subparsers: Any) -> None:
    tml = subparsers.add_parser("timeml", help="tag TimeML files with TIMEX3 (TempEval-3 format)")
    tml.add_argument("in_dir", type=Path, help="folder of *.tml files (searched recursively)")
    tml.add_argument("out_dir", type=Path)
    tml.add_argument("--mode", choices=("news", "narrative"), default="news")
    tml.add_argument("--no-parse", action="store_true", help="no spaCy: tense from local cues")
    tml.add_argument("--model", default=None)
    tml.set_defaults(handler=_timeml)


def _timeml(args: argparse.Namespace) -> int:
    from evaluation.timeml import tag_timeml_dir

    if _missing(args.in_dir):
        return 2
    failures = tag_timeml_dir(
        args.in_dir, args.out_dir, mode=args.mode, use_parse=not args.no_parse, model=args.model
    )
    return 1 if failures else 0
