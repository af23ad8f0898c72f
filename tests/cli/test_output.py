"""What the command prints: readable by default, as wide as the terminal, and never a way
for a file's name or text to drive the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.display import WarningPrinter, print_summary
from cli.main import main
from pipeline.runs import RunSummary
from pipeline.terminal import printable
from tests.browser.warehouses import build, hostile_extractions
from warehouse.connection import connect

STORY = (
    "---\ntitle: Talks in Moscow\npublished: 2025-05-09\n---\n"
    "Vladimir Putin met the North Korean generals in Moscow on Friday.\n"
    "Kim Jong Un visited the Russian embassy in Pyongyang on Thursday.\n"
)


def test_extract_prints_a_table_of_events_by_default_and_json_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    article = tmp_path / "story.md"
    article.write_text(STORY, encoding="utf-8")
    assert main(["extract", str(article)]) == 0
    table = capsys.readouterr().out
    header = next(line for line in table.splitlines() if "trigger" in line)
    for column in ("date", "trigger", "actors", "sentence"):
        assert column in header
    assert "Talks in Moscow: published 2025-05-09" in table
    assert "2025-05-09" in table and "2025-05-08" in table  # Friday, Thursday
    assert "Vladimir Putin (agent)" in table
    assert all(len(line) <= 120 for line in table.splitlines())
    with pytest.raises(json.JSONDecodeError):
        json.loads(table)
    assert main(["extract", str(article), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["document"]["title"] == "Talks in Moscow"


def test_sql_fits_wide_results_to_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = build(tmp_path / "w.duckdb", hostile_extractions())
    with connect(db, read_only=True) as con:
        order = [d[0] for d in con.execute("SELECT * FROM timeline LIMIT 0").description]
    assert order[:6] == ["date_value", "actor", "role", "trigger", "event_type", "sentence"]
    for width, at_least in ((60, 1), (100, 4), (200, 6)):
        monkeypatch.setenv("COLUMNS", str(width))
        assert main(["sql", "SELECT * FROM timeline", "--db", str(db)]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) > 3 and all(len(line) <= width for line in lines), width
        # the columns kept are the first ones, what people read first; the rest are named
        shown = lines[0].split()
        assert len(shown) >= at_least and shown == order[: len(shown)], (width, shown)
        assert "more columns not shown: " in " ".join(lines)
        assert "\x1b" not in "".join(lines)


def test_text_from_files_reaches_the_terminal_with_control_characters_escaped() -> None:
    assert printable("evil\x1b[31m.txt") == "evil\\x1b[31m.txt"
    assert printable("a\nb\tc\x07\x9b") == "a\\x0ab\\x09c\\x07\\x9b"
    assert printable("\u202etxt.exe") == "\\u202etxt.exe"
    assert printable("caf\udce9.txt") == "caf\\xe9.txt"  # an undecodable byte of a name
    assert printable("café, Łódź, 東京") == "café, Łódź, 東京"


def test_warnings_and_summary_escape_what_came_from_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    WarningPrinter().warned("quarantined in/\x1b]0;owned\x07.json: malformed JSON")
    summary = RunSummary(run_id="r1", database="/tmp/\x1b[2Jw.duckdb", charts=[], undated=2)
    print_summary(summary, None)
    captured = capsys.readouterr()
    assert "\x1b" not in captured.err + captured.out
    assert "in/\\x1b]0;owned\\x07.json" in captured.err
    assert "/tmp/\\x1b[2Jw.duckdb" in captured.out
    assert "2 document(s) without a publication date" in captured.out
