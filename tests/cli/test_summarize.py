"""`chronicle summarize` and `chronicle evaluate tls`'s arguments, called as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from tests.summarization.extractions import ARREST, FIRE, STORIES
from warehouse import load
from warehouse.connection import connect


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("summarize") / "w.duckdb"
    with connect(path) as con:
        load.load_extractions(con, STORIES)
    return path


def test_text_lists_the_key_dates_in_calendar_order_with_their_sources(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", "--db", str(db), "--dates", "2", "--sentences", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Key dates: corpus")
    assert out.index(FIRE.isoformat()) < out.index(ARREST.isoformat())
    assert "(rank 1," in out and "(rank 2," in out
    assert out.count("  - ") == 2  # one sentence per date
    assert "wire, 2024-03-" in out  # where each was read
    assert ".txt, wire, 2024-03-" in out  # an untitled document by its file's name


def test_json_carries_every_sentences_provenance(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", "--db", str(db), "--format", "json", "--dates", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scope"] == "corpus"
    assert {entry["date"] for entry in data["dates"]} >= {FIRE.isoformat(), ARREST.isoformat()}
    with connect(db, read_only=True) as con:
        texts = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
    for entry in data["dates"]:
        for sentence in entry["sentences"]:
            document = texts[sentence["doc_id"]]
            assert document[sentence["char_start"] : sentence["char_end"]] == sentence["text"]
            assert sentence["url"].startswith("https://") and sentence["support"] >= 1
            assert sentence["path"] == f"in/{sentence['doc_id']}.txt"


def test_slices_and_timelinejs_to_a_file(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "halden.json"
    args = ["summarize", "--db", str(db), "--actor", "Halden", "--format", "timelinejs"]
    assert main([*args, "--out", str(out)]) == 0
    assert "key dates to" in capsys.readouterr().out
    slides = json.loads(out.read_text())["events"]
    assert [slide["start_date"] for slide in slides] == [{"year": 2024, "month": 3, "day": 4}]
    assert main(["summarize", "--db", str(db), "--query", "arrested", "--format", "json"]) == 0
    arrested = json.loads(capsys.readouterr().out)
    assert arrested["scope"] == "query=arrested"
    quoted = {s["doc_id"] for d in arrested["dates"] for s in d["sentences"]}
    assert quoted <= {"arrest", "report"}
    assert main(["summarize", "--db", str(db), "--since", "2024-03-05", "--format", "json"]) == 0
    later = json.loads(capsys.readouterr().out)
    assert later["dates"] and all(d["date"] >= "2024-03-05" for d in later["dates"])
    assert main(["summarize", "--db", str(db), "--query", "volcano"]) == 0
    assert "no key dates for query=volcano" in capsys.readouterr().out


def test_bad_arguments(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reversed_range = ["--since", "2024-03-09", "--until", "2024-03-01"]
    assert main(["summarize", "--db", str(db), *reversed_range]) == 2
    assert "is after" in capsys.readouterr().err
    assert main(["summarize", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "no warehouse" in capsys.readouterr().err
    for wrong in (["--dates", "0"], ["--sentences", "many"], ["--story", "a", "--actor", "b"]):
        with pytest.raises(SystemExit) as exit_info:
            main(["summarize", "--db", str(db), *wrong])
        assert exit_info.value.code == 2
    assert main(["evaluate", "tls", str(tmp_path / "no-topic"), str(tmp_path / "out")]) == 2
    assert "no such folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["evaluate", "tls", str(tmp_path / "empty"), str(tmp_path / "out")]) == 1
    assert "has no tasks.tsv" in capsys.readouterr().err
