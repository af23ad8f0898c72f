"""JSON and JSON Lines files: records, their numbering, bad records rejecting only themselves."""

from __future__ import annotations

import json

import pytest

from tests.ingestion.helpers import documents_and_rejections, one
from transforms.ingestion.sources import parse_source
from transforms.model import Rejection, SourceText


def test_json_object() -> None:
    data = json.dumps(
        {"text": "Story.", "title": "T", "published": "2025-05-09", "tags": ["a", "b"], "n": None}
    ).encode()
    source = one(parse_source("a.json", data))
    assert isinstance(source, SourceText)
    assert source.text == "Story."
    assert source.line is None
    assert source.meta == {"title": "T", "published": "2025-05-09", "tags": '["a", "b"]'}


def test_json_list_numbers_records_and_rejects_bad_ones() -> None:
    data = json.dumps(
        [
            {"text": "One."},
            {"title": "no text"},
            {"text": 5},
            {"text": "  "},
            "str",
            {"text": "Two."},
        ]
    ).encode()
    results = parse_source("a.json", data)
    assert [type(r).__name__ for r in results] == [
        "SourceText",
        "Rejection",
        "Rejection",
        "Rejection",
        "Rejection",
        "SourceText",
    ]
    assert [r.line for r in results] == [1, 2, 3, 4, 5, 6]
    missing, not_string, empty, not_object = results[1:5]
    assert isinstance(missing, Rejection) and missing.error_class == "missing_text"
    assert "record 2" in missing.reason and '"text"' in missing.reason
    assert isinstance(not_string, Rejection) and not_string.error_class == "missing_text"
    assert "record 3" in not_string.reason and "number" in not_string.reason
    assert isinstance(empty, Rejection) and empty.error_class == "empty"
    assert "record 4" in empty.reason
    assert isinstance(not_object, Rejection) and not_object.error_class == "bad_record"


@pytest.mark.parametrize(
    ("data", "error_class"),
    [(b"{not json", "bad_json"), (b"42", "bad_json"), (b"[]", "empty"), (b"", "empty")],
)
def test_bad_json_files(data: bytes, error_class: str) -> None:
    rejection = one(parse_source("a.json", data))
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == error_class
    assert rejection.reason


def test_json_with_bom() -> None:
    source = one(parse_source("a.json", b"\xef\xbb\xbf" + b'{"text": "Story."}'))
    assert isinstance(source, SourceText)
    assert source.text == "Story."


def test_jsonl_bad_line_rejects_only_that_line() -> None:
    data = (
        b'{"text": "One \xc3\xa9."}\n\n{"text": oops}\r\n  \n{"text": "Two.", "id": 7}\n\xff\xfe\n'
    )
    results = parse_source("a.jsonl", data)
    assert len(results) == 4
    first, bad, second, undecodable = results
    assert isinstance(first, SourceText) and first.text == "One é." and first.line == 1
    assert isinstance(bad, Rejection) and bad.error_class == "bad_json" and bad.line == 3
    assert "line 3" in bad.reason
    assert isinstance(second, SourceText) and second.line == 5
    assert second.meta == {"id": "7"}
    assert isinstance(undecodable, Rejection) and undecodable.error_class == "decode_error"
    assert undecodable.line == 6


def test_jsonl_without_records_is_rejected() -> None:
    rejection = one(parse_source("a.jsonl", b"\n \n"))
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "empty"


def test_nul_character_in_a_json_record_is_quarantined() -> None:
    documents, rejections = documents_and_rejections(
        "a.jsonl", b'{"text": "ok text"}\n{"text": "bad \\u0000 text"}\n'
    )
    assert [d.text for d in documents] == ["ok text"]
    [rejection] = rejections
    assert (rejection.error_class, rejection.line) == ("nul_bytes", 2)
