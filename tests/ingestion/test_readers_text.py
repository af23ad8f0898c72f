"""Plain text and Markdown files: front matter, empty files and the text kept as written."""

from __future__ import annotations

import pytest

from tests.ingestion.helpers import SEED, one
from transforms.ingestion.sources import parse_source
from transforms.model import Rejection, SourceText


def test_front_matter_is_parsed_and_removed_from_text() -> None:
    data = (
        b"---\ntitle: A title\npublished: 2025-05-09\nsource: Reuters\nurl: https://x.test/a\n"
        b"language: en\nbyline: Jane Doe\nid: ext-1\ndesk: Asia\npriority: 3\n---\nBody text.\n"
    )
    source = one(parse_source("a.md", data))
    assert isinstance(source, SourceText)
    assert source.text == "Body text.\n"
    assert source.meta == {
        "title": "A title",
        "published": "2025-05-09",  # kept as written, not a YAML date object
        "source": "Reuters",
        "url": "https://x.test/a",
        "language": "en",
        "byline": "Jane Doe",
        "id": "ext-1",
        "desk": "Asia",
        "priority": "3",
    }
    assert source.path == "a.md"


def test_text_without_front_matter_and_bom_tolerated() -> None:
    source = one(parse_source("a.TXT", "\ufeffJust a story.".encode()))
    assert isinstance(source, SourceText)
    assert source.text == "Just a story."
    assert source.meta == {}


def test_front_matter_with_bom_and_crlf() -> None:
    data = "\ufeff---\r\ntitle: T\r\n---\r\nBody.\r\n".encode()
    source = one(parse_source("a.md", data))
    assert isinstance(source, SourceText)
    assert source.meta == {"title": "T"}
    assert source.text == "Body.\r\n"


def test_dashes_later_in_the_text_are_not_front_matter() -> None:
    source = one(parse_source("a.md", b"Intro line.\n---\ntitle: no\n---\nMore."))
    assert isinstance(source, SourceText)
    assert source.meta == {}
    assert source.text.startswith("Intro line.")


@pytest.mark.parametrize(
    ("front_matter", "expected_in_reason"),
    [
        ("- a\n- b\n", "mapping"),
        ("just words\n", "mapping"),
        ("title: [unclosed\n", "not valid YAML"),
        ("title: a\n  bad: indent: here\n", "not valid YAML"),
    ],
)
def test_bad_front_matter_is_rejected(front_matter: str, expected_in_reason: str) -> None:
    rejection = one(parse_source("a.md", f"---\n{front_matter}---\nBody.".encode()))
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "bad_front_matter"
    assert expected_in_reason in rejection.reason


def test_unclosed_front_matter_is_rejected() -> None:
    rejection = one(parse_source("a.md", b"---\ntitle: x\nBody without end."))
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "bad_front_matter"
    assert "never closed" in rejection.reason


def test_front_matter_aliases_are_refused_not_expanded():
    # Nested aliases expand exponentially once flattened ("billion laughs").
    source = b"---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n---\nText.\n"
    (rejection,) = parse_source("a.md", source)
    assert isinstance(rejection, Rejection) and rejection.error_class == "bad_front_matter"
    assert "aliases" in rejection.reason


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"---\ntitle: x\n---\n  \n"])
def test_empty_text_file_is_rejected(data: bytes) -> None:
    rejection = one(parse_source("a.txt", data))
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "empty"


def test_seed_article_body_is_byte_for_byte_the_original_text() -> None:
    data = SEED.read_bytes()
    source = one(parse_source(str(SEED), data))
    assert isinstance(source, SourceText)
    assert data.endswith(source.text.encode("utf-8"))
    assert source.text.startswith("North Korea’s Kim visits Russian embassy")
    assert source.text.endswith("VIEWIMAGE")
