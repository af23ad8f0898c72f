"""Timeline17 and `chronicle evaluate tls`: a topic folder read (never its references),
the tokenized text and its way back, the references' format, and a tiny invented topic
evaluated end to end through the pipeline."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from evaluation.timeline17 import (
    Task,
    TokenizedLines,
    detokenize,
    read_articles,
    read_tasks,
    retokenize,
    timeline_text,
)
from evaluation.tokens import spaces_after
from tests.flows.test_serve import _processes_with

REPO = Path(__file__).resolve().parents[2]

# Invented articles, tokenized as Timeline17's are: one sentence per line, the headline
# fused into the first, spaces around punctuation, `` '' quotes, clitics split off.
ARTICLES = {
    "InputDocs/2021-02-01/wire-1.txt": [
        "Dam bursts above Millbrook A dam above the town of Millbrook burst on Monday , "
        "flooding 300 homes .",
        "Rescue teams evacuated the town 's two schools .",
        "`` We lost everything , '' said one resident .",
    ],
    "InputDocs/2021-02-01/post-2.txt": [
        "Floodwater swept through Millbrook on Monday after the dam burst , forcing 300 "
        "families from their homes .",
        "The army was called in to help -LRB- about 200 soldiers -RRB- .",
    ],
    "InputDocs/2021-02-03/wire-3.txt": [
        "Engineers said the dam had n't been inspected since 2015 .",
        "The dam burst on February 1 after days of heavy rain .",
    ],
    "InputDocs/2021-02-08/wire-4.txt": [
        "Millbrook 's mayor resigned on Monday over the dam disaster .",
        "The dam burst on February 1 , flooding 300 homes .",
    ],
    "InputDocs/2021-02-09/post-5.txt": [
        "The mayor of Millbrook resigned on February 8 , a week after the dam burst .",
        "An inquiry into the February 1 dam burst will open in March .",
    ],
}
TASKS = (
    "post-millbrook\t2\t2\t2021-02-01\t2021-02-09\nwire-first-days\t1\t1\t2021-02-01\t2021-02-03\n"
)


def make_topic(root: Path) -> Path:
    topic = root / "millbrook"
    for path, lines in ARTICLES.items():
        (topic / path).parent.mkdir(parents=True, exist_ok=True)
        (topic / path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (topic / "tasks.tsv").write_text(TASKS, encoding="utf-8")
    (topic / "timelines").mkdir()
    (topic / "timelines" / "post-millbrook.txt").write_text(
        "2021-02-01\nThe dam burst .\n--------------------------------\n", encoding="utf-8"
    )
    return topic


def test_tasks_are_read_and_a_bad_line_is_named(tmp_path: Path) -> None:
    topic = make_topic(tmp_path)
    assert read_tasks(topic) == [
        Task("post-millbrook", 2, 2, date(2021, 2, 1), date(2021, 2, 9)),
        Task("wire-first-days", 1, 1, date(2021, 2, 1), date(2021, 2, 3)),
    ]
    (topic / "tasks.tsv").write_text("broken\t2\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"tasks.tsv:1: expected name"):
        read_tasks(topic)
    (topic / "tasks.tsv").write_text("../escape\t1\t1\t2021-02-01\t2021-02-02\n")
    with pytest.raises(ValueError, match="cannot name an output file"):
        read_tasks(topic)


def test_articles_carry_the_folder_date_and_source(tmp_path: Path) -> None:
    topic = make_topic(tmp_path)
    (topic / "InputDocs" / "not-a-date").mkdir()
    (topic / "InputDocs" / "not-a-date" / "x-1.txt").write_text("Dated nothing .\n")
    articles = list(read_articles(topic))
    assert [a.path for a in articles] == sorted(ARTICLES)
    first = articles[0]
    assert (first.published, first.source) == (date(2021, 2, 1), "post")
    assert first.lines == tuple(ARTICLES[first.path])


@pytest.mark.parametrize(
    ("tokenized", "text"),
    [
        (
            "Rescue teams evacuated the town 's two schools .",
            "Rescue teams evacuated the town's two schools.",
        ),
        (
            "`` We lost everything , '' said one resident .",
            '"We lost everything," said one resident.',
        ),
        ("The army came -LRB- about 200 soldiers -RRB- .", "The army came (about 200 soldiers)."),
        (
            "The dam had n't been inspected ; it ca n't hold .",
            "The dam hadn't been inspected; it can't hold.",
        ),
        (
            "It cost $ 5 million , or 12 % of the budget .",
            "It cost $5 million, or 12% of the budget.",
        ),
        (
            "Residents were ` devastated ' by the 50-year-old dam .",
            "Residents were 'devastated' by the 50-year-old dam.",
        ),
        ("Mr. Smith of the U.S. Army said so ...", "Mr. Smith of the U.S. Army said so..."),
    ],
)
def test_tokenized_lines_become_text_and_text_is_tokenized_back(tokenized: str, text: str) -> None:
    assert detokenize(tokenized) == text
    assert retokenize(text) == tokenized


def test_a_quote_closing_at_the_start_of_a_line_keeps_its_side() -> None:
    assert detokenize("'' he said .") == '" he said.'
    assert detokenize("It was `` good .") == 'It was "good.'
    words = ["``", "Yes", ",", "''", "she", "said", "."]
    assert spaces_after(words, [False] * len(words)) == [
        False,
        False,
        False,
        True,
        True,
        False,
        True,
    ]


def test_a_selected_sentence_is_written_as_the_corpus_tokenized_it() -> None:
    lines = TokenizedLines()
    original = "Dam bursts , '' Reuters said -LRB- late -RRB- ."
    text = lines.add(original)
    assert lines.tokenized(text) == original  # exactly the corpus's line
    assert lines.tokenized("The dam's  gates failed.") == "The dam 's gates failed ."  # new


def test_the_timeline_is_in_the_references_format() -> None:
    text = timeline_text(
        [
            (date(2021, 2, 8), ["The mayor resigned .", "  "]),
            (date(2021, 2, 1), ["The dam burst .", "300 homes  were flooded ."]),
            (date(2021, 2, 5), []),  # nothing to say: left out
        ]
    )
    dashes = "-" * 32
    assert text == (
        f"2021-02-01\nThe dam burst .\n300 homes were flooded .\n{dashes}\n"
        f"2021-02-08\nThe mayor resigned .\n{dashes}\n"
    )


@pytest.mark.slow
def test_evaluate_tls_writes_every_task_from_one_run_and_never_reads_the_references(
    prefect_harness, tmp_path: Path
) -> None:
    from evaluation.tls import WORK_DIR, evaluate_tls

    topic = make_topic(tmp_path)
    references = str(topic / "timelines")
    touched: list[str] = []
    listening = [True]

    def audit(event: str, args: tuple) -> None:
        # An audit hook cannot be removed: it stops listening when the test ends.
        watched = event in {"open", "os.listdir", "os.scandir"} and listening[0] and args
        if watched and str(args[0]).startswith(references):
            touched.append(f"{event} {args[0]}")

    sys.addaudithook(audit)
    out = tmp_path / "out"
    try:
        [run] = evaluate_tls(topic, out)
        assert touched == []
        (topic / "timelines" / "post-millbrook.txt").read_text()  # the hook sees reads
        assert touched == [f"open {topic / 'timelines' / 'post-millbrook.txt'}"]
    finally:
        listening[0] = False

    assert run.topic == "millbrook" and run.articles == 5 and run.documents == 5
    assert [p.name for p in run.written] == ["post-millbrook.txt", "wire-first-days.txt"]
    assert (out / WORK_DIR / "warehouse.duckdb").is_file()  # one warehouse for the topic
    whole = _blocks((out / "post-millbrook.txt").read_text())
    assert 1 <= len(whole) <= 2 and all(1 <= len(lines) <= 2 for lines in whole.values())
    assert all(date(2021, 2, 1) <= day <= date(2021, 2, 9) for day in whole)
    assert date(2021, 2, 1) in whole  # the dam burst: every later story refers to it
    tokenized = {line for lines in ARTICLES.values() for line in lines}
    assert all(line in tokenized for lines in whole.values() for line in lines)
    first_days = _blocks((out / "wire-first-days.txt").read_text())
    assert len(first_days) == 1 and all(len(lines) == 1 for lines in first_days.values())
    assert all(day <= date(2021, 2, 3) for day in first_days)
    # the articles of February 8 and 9 are outside this task: none of their sentences
    later = {
        line
        for path, lines in ARTICLES.items()
        if "2021-02-0" in path and path[19] in "89"
        for line in lines
    }
    assert not later & {line for lines in first_days.values() for line in lines}

    # a second evaluation finds the topic loaded and only summarizes again
    [again] = evaluate_tls(topic, out)
    assert (out / "post-millbrook.txt").read_text() == _text(whole)
    assert again.documents == 5


@pytest.mark.slow
def test_evaluate_tls_without_a_server_waits_for_its_own_as_chronicle_run_does(
    tmp_path: Path,
) -> None:
    """With no Prefect server configured, `chronicle evaluate tls` runs against a temporary
    server it starts, waited for as `CHRONICLE_SERVER_START_TIMEOUT` says, and stopped at
    the end: not Prefect's own, whose 20 s wait failed the first run on a new machine."""
    topic = make_topic(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env |= {
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PYTHONPATH": str(REPO),
        "CHRONICLE_TEST_MARKER": str(tmp_path),  # in the environment of all it starts
    }
    command = [sys.executable, "-m", "cli.main", "evaluate", "tls", str(topic)]

    def evaluate(out: str, **settings: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*command, str(tmp_path / out)],
            env=env | settings,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=900,
        )

    impatient = evaluate("impatient", CHRONICLE_SERVER_START_TIMEOUT="0.001")
    assert impatient.returncode == 1
    assert "did not answer within 0 s (set CHRONICLE_SERVER_START_TIMEOUT" in impatient.stderr

    done = evaluate("out")
    assert done.returncode == 0, done.stderr
    assert "millbrook: 5 articles, 5 documents; 2 timelines written" in done.stdout
    assert (tmp_path / "out" / "post-millbrook.txt").read_text().strip()
    assert _processes_with(f"CHRONICLE_TEST_MARKER={tmp_path}") == []  # no server left


def _blocks(text: str) -> dict[date, list[str]]:
    blocks: dict[date, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("---"):
            continue
        try:
            day = date.fromisoformat(line)
        except ValueError:
            current.append(line)
            continue
        current = blocks.setdefault(day, [])
    return blocks


def _text(blocks: dict[date, list[str]]) -> str:
    return timeline_text(sorted(blocks.items()))
