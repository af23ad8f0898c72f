"""A run over a folder with one document that breaks extraction, and strings no encoder
accepts: the run completes, quarantines what it must, loads the rest, exits 0 (3 with
--strict), and a re-run does the same without writing anything twice."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from tests.pipeline.faults import POISON

pytestmark = pytest.mark.slow


def _inbox(folder: Path) -> Path:
    folder.mkdir()
    for i, day in enumerate(("Monday", "Tuesday", "Wednesday")):
        (folder / f"story-{i}.txt").write_text(
            f"---\npublished: 2025-05-09\n---\nThe council approved the budget on {day}, "
            "officials said.\n",
            encoding="utf-8",
        )
    (folder / "poison.txt").write_text(
        f"---\npublished: 2025-05-09\n---\n{POISON}: the mayor resigned on Friday.\n",
        encoding="utf-8",
    )
    (folder / "lines.jsonl").write_text(
        '{"text": "Line one \\udc80 says the port reopened on Tuesday."}\n'
        '{"text": "Line two says the mayor resigned on Monday."}\n',
        encoding="utf-8",
    )
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "w", encoding="utf-8") as handle:
        handle.write("The minister visited Paris on Thursday, her office said.\n")
    return folder


def test_one_documents_fault_is_quarantined_and_the_run_goes_on(
    prefect_harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cli.main import main
    from pipeline import workers

    real_extract = workers.extract

    def faulty_extract(document, parse, version, **options):  # type: ignore[no-untyped-def]
        if POISON in document.text:
            raise ValueError("zip() argument 2 is shorter than argument 1 (injected)")
        return real_extract(document, parse, version, **options)

    monkeypatch.setattr(workers, "extract", faulty_extract)
    inbox, db = _inbox(tmp_path / "in"), tmp_path / "w.duckdb"
    args = ["run", str(inbox), "--db", str(db), "--no-charts", "--quiet"]
    assert main(args) == 0
    assert main([*args, "--strict"]) == 3
    with duckdb.connect(str(db), read_only=True) as con:
        quarantined = con.execute("SELECT path, error_class, reason FROM quarantine").fetchall()
        documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        paths = {p for (p,) in con.execute("SELECT path FROM sources").fetchall()}
        runs = con.execute("SELECT state FROM runs ORDER BY started_at").fetchall()
    [(path, error_class, reason)] = quarantined
    assert path.endswith("poison.txt") and error_class == "extraction_error"
    assert "ValueError" in reason and "injected" in reason
    assert documents == 6  # three stories, two JSONL lines, the undecodable name
    assert any(p.endswith("caf\\xe9.txt") for p in paths)
    assert runs == [("completed",), ("completed",)]


def test_a_batch_whose_extraction_task_fails_is_extracted_document_by_document(
    prefect_harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on Dask when a document kills its worker every time: the batch's task fails,
    then each document gets a task of its own and only the one that fails is lost."""
    import flows.tasks
    from cli.main import main

    real_stage = flows.tasks.stage_documents
    attempts: list[int] = []

    def dying_stage(documents, *args, **options):  # type: ignore[no-untyped-def]
        attempts.append(len(documents))
        if any(POISON in document.text for document in documents):
            raise RuntimeError("KilledWorker: the worker died (injected)")
        return real_stage(documents, *args, **options)

    monkeypatch.setattr(flows.tasks, "stage_documents", dying_stage)
    inbox, db = _inbox(tmp_path / "in"), tmp_path / "w.duckdb"
    assert main(["run", str(inbox), "--db", str(db), "--no-charts", "--quiet"]) == 0
    # The batch (six documents that store, and the poison), then each document alone.
    assert attempts == [7] + [1] * 7
    with duckdb.connect(str(db), read_only=True) as con:
        [(path, error_class, reason)] = con.execute(
            "SELECT path, error_class, reason FROM quarantine"
        ).fetchall()
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (6,)
        assert list(Path(f"{db}.staging").iterdir()) == []
    assert path.endswith("poison.txt") and error_class == "extraction_error"
    assert "RuntimeError: KilledWorker" in reason
