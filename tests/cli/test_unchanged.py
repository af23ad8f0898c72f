"""What `chronicle run` reads before deciding it has nothing to do: texts the warehouse holds
as they are count as held without being cleaned again (language detection and page layout
are most of what reading costs); anything else is read as the flow reads it, so inputs that
cannot be used are still named, and an edited text is still work."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline.files
from pipeline.files import discover_files, read_documents
from pipeline.unchanged import survey
from pipeline.version import extractor_version
from transforms.model import Extraction
from warehouse import load
from warehouse.connection import connect

ENGLISH = "Negotiators met in Geneva on Friday to discuss the ceasefire.\n"
FRONT_MATTER = "---\ntitle: Talks\npublished: 2025-05-09\n---\nThe minister resigned on Monday.\n"
LINES = (
    '{"text": "Rescuers reached the village on Sunday.", "published": "2025-05-11"}\n'
    '{"text": "The court upheld the ban on Tuesday.", "published": "2025-05-13"}\n'
)
SPANISH = (
    "El gobierno anunció el lunes un nuevo plan de vivienda para las familias que viven en "
    "la capital, según informó el ministerio en un comunicado.\n"
)


@pytest.fixture
def loaded(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of inputs and a warehouse holding every usable text of it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (inbox / "b.md").write_text(FRONT_MATTER, encoding="utf-8")
    (inbox / "c.jsonl").write_text(LINES, encoding="utf-8")
    (inbox / "es.txt").write_text(SPANISH, encoding="utf-8")  # no rules for Spanish
    (inbox / "broken.json").write_text("{not json", encoding="utf-8")
    found, _ = discover_files([str(inbox)])
    documents, _ = read_documents(found)
    db = tmp_path / "w.duckdb"
    con = connect(str(db))
    version = extractor_version()
    load.load_extractions(con, [Extraction(d, (), (), (), (), (), version) for d in documents])
    con.close()
    return inbox, db


def _survey(inbox: Path, db: Path):
    return survey([str(inbox)], str(db), batch_size=200, max_bytes=1 << 20)


def test_held_texts_are_not_cleaned_again_and_unusable_inputs_are_still_named(
    loaded: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, db = loaded
    cleaned: list[str] = []
    clean = pipeline.files.clean
    monkeypatch.setattr(pipeline.files, "clean", lambda s: cleaned.append(s.path) or clean(s))

    surveyed = _survey(inbox, db)

    assert surveyed.summary is not None  # every batch current
    assert (surveyed.summary.documents_seen, surveyed.summary.documents_skipped) == (4, 4)
    assert sorted((Path(r.path).name, r.error_class) for r in surveyed.rejections) == [
        ("broken.json", "bad_json"),
        ("es.txt", "unsupported_language"),
    ]
    assert [Path(path).name for path in cleaned] == ["es.txt"]


def test_an_edited_text_is_work(loaded: tuple[Path, Path]) -> None:
    inbox, db = loaded
    (inbox / "b.md").write_text(FRONT_MATTER.replace("Monday", "Tuesday"), encoding="utf-8")

    surveyed = _survey(inbox, db)

    assert not surveyed.current
    assert surveyed.summary is None
    assert surveyed.first_batch_texts == 1
