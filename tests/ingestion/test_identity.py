"""One text, one document: normalisation, the doc id, and every path a text was found under."""

from __future__ import annotations

from tests.ingestion.helpers import cleaned
from transforms.ingestion.documents import clean
from transforms.ingestion.identity import first_found_at, one_document_per_text
from transforms.model import Document, SourceText


def test_normalisation_and_doc_id() -> None:
    composed = cleaned("Caf\u00e9 opened.\n\nIt closed.  \n\n")
    decomposed_crlf = clean(
        SourceText(path="other/dir/b.md", text="Cafe\u0301 opened.\r\n\r\nIt closed.\r\n")
    )
    assert isinstance(decomposed_crlf, Document)
    assert composed.text == "Caf\u00e9 opened.\n\nIt closed."
    assert decomposed_crlf.text == composed.text
    assert decomposed_crlf.doc_id == composed.doc_id
    assert len(composed.doc_id) == 64
    assert int(composed.doc_id, 16) >= 0
    assert cleaned("Caf\u00e9 opened.\n\nIt closed!").doc_id != composed.doc_id


def test_doc_id_ignores_metadata_and_keeps_given_id() -> None:
    plain = cleaned("Kim met Putin.")
    with_id = cleaned("Kim met Putin.", id="ext-42", title="T", desk="Asia")
    assert with_id.doc_id == plain.doc_id
    assert with_id.meta["external_id"] == "ext-42"
    assert with_id.meta["desk"] == "Asia"
    assert "id" not in with_id.meta


def copy_at(text: str, path: str) -> Document:
    document = clean(SourceText(path=path, text=text))
    assert isinstance(document, Document), document
    return document


def test_the_first_document_of_each_text_is_kept_and_every_path_recorded_once() -> None:
    first, copy, other, again = (
        copy_at("Officials met on Friday.", "a.txt"),
        copy_at("Officials met on Friday.\r\n", "b/a.txt"),
        copy_at("They talked on Monday.", "c.txt"),
        copy_at("Officials met on Friday.", "a.txt"),  # the same path read twice
    )
    paths: dict[str, list[str]] = {}
    assert one_document_per_text([first, copy, other, again], paths) == [first, other]
    assert paths == {first.doc_id: ["a.txt", "b/a.txt"], other.doc_id: ["c.txt"]}


def test_a_text_met_in_an_earlier_batch_only_adds_its_path() -> None:
    paths: dict[str, list[str]] = {}
    earlier = copy_at("Officials met on Friday.", "one/a.txt")
    later = copy_at("Officials met on Friday.", "two/a.txt")
    assert one_document_per_text([earlier], paths) == [earlier]
    assert one_document_per_text([later], paths) == []
    assert paths[later.doc_id] == ["one/a.txt", "two/a.txt"]


def test_found_at_says_when_a_text_is_new() -> None:
    paths: dict[str, list[str]] = {}
    assert first_found_at(paths, "d1", "a.txt") is True
    assert first_found_at(paths, "d1", "b.txt") is False
    assert first_found_at(paths, "d1", "a.txt") is False
    assert first_found_at(paths, "d2", "a.txt") is True
    assert paths == {"d1": ["a.txt", "b.txt"], "d2": ["a.txt"]}
