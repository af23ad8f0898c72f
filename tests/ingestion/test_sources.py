"""The ingestion contract: parse_source over every format, encoding, compression and the
nasty-input corpus in tests/data/corpus."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest

from tests.ingestion.helpers import documents_and_rejections, one
from transforms.ingestion.size_limit import DEFAULT_MAX_BYTES
from transforms.ingestion.sources import (
    SUPPORTED_SUFFIXES,
    format_suffix,
    is_supported,
    parse_source,
)
from transforms.model import Document, Rejection, SourceText

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
STORY = "ZURICH, May 9 (Reuters) - The mayor of Zürich met Pedro Sánchez on Friday.\n"


def test_supported_suffixes() -> None:
    assert (
        frozenset(
            {".txt", ".md", ".json", ".jsonl", ".html", ".htm", ".xhtml", ".rss", ".atom", ".xml"}
        )
        == SUPPORTED_SUFFIXES
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a.txt", (".txt", False)),
        ("dir.v2/A.TXT.GZ", (".txt", True)),
        ("feed.rss.gz", (".rss", True)),
        ("a.gz", ("", True)),
        ("C:\\news\\a.html", (".html", False)),
        ("README", ("", False)),
    ],
)
def test_format_suffix(path: str, expected: tuple[str, bool]) -> None:
    assert format_suffix(path) == expected


def test_is_supported() -> None:
    assert is_supported("x/a.jsonl.gz") and is_supported("b.atom") and is_supported("c.htm")
    assert not is_supported("d.pdf") and not is_supported("e.gz") and not is_supported("f")


@pytest.mark.parametrize("path", ["a.pdf", "README", "a.gz", "a.pdf.gz"])
def test_unknown_extension_is_rejected(path: str) -> None:
    rejection = one(parse_source(path, b"text"))
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "unsupported_type"
    assert ".txt" in rejection.reason


def test_the_same_story_in_any_encoding_or_compression_is_one_document() -> None:
    variants = {
        "a.txt": STORY.encode("utf-8"),
        "b.txt": b"\xef\xbb\xbf" + STORY.encode("utf-8"),
        "c.txt": STORY.encode("utf-16"),
        "d.txt": STORY.encode("cp1252"),
        "e.txt.gz": gzip.compress(STORY.encode("cp1252"), mtime=0),
        "f.md": gzip.compress(STORY.encode("utf-8"), mtime=0),  # gzip found by its signature
    }
    ids = set()
    for path, data in variants.items():
        documents, rejections = documents_and_rejections(path, data)
        assert rejections == [], path
        [document] = documents
        assert "Zürich" in document.text and "Sánchez" in document.text, path
        ids.add(document.doc_id)
    assert len(ids) == 1


def test_size_limit_applies_to_files_and_to_decompressed_content() -> None:
    data = b"x" * 101
    [too_big] = parse_source("a.txt", data, max_bytes=100)
    assert isinstance(too_big, Rejection) and too_big.error_class == "too_large"
    assert "101 bytes" in too_big.reason and "100-byte limit" in too_big.reason
    [expands] = parse_source("a.txt.gz", gzip.compress(b"word " * 1000), max_bytes=1000)
    assert isinstance(expands, Rejection) and expands.error_class == "too_large"
    [fits] = parse_source("a.txt", b"x" * 100, max_bytes=100)
    assert isinstance(fits, SourceText)
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_gzip_inside_gzip_is_refused() -> None:
    twice = gzip.compress(gzip.compress(b"story"))
    [rejection] = parse_source("a.txt.gz", twice)
    assert isinstance(rejection, Rejection) and rejection.error_class == "bad_gzip"


@pytest.mark.parametrize("path", ["a.txt", "a.md", "a.json", "a.jsonl", "a.html", "a.rss"])
def test_binary_content_under_any_text_name_is_refused(path: str) -> None:
    for data in (b"%PDF-1.4\n%....", b"\x89PNG\r\n\x1a\n\x00\x00", b"PK\x03\x04\x14\x00\x00"):
        [rejection] = parse_source(path, data)
        assert isinstance(rejection, Rejection)
        assert rejection.error_class == "binary", (path, data)


def test_damaged_utf8_is_rejected_not_guessed_as_legacy() -> None:
    # Valid UTF-8 "café" first, then a lone latin-1 byte: the file means UTF-8 and is damaged;
    # reading it as cp1252 would turn the good "é" into "Ã©".
    rejection = one(parse_source("a.txt", b"caf\xc3\xa9 and caf\xe9 au lait"))
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "decode_error"
    assert rejection.reason.startswith("not valid UTF-8")
    assert "0xe9" in rejection.reason and "offset 13" in rejection.reason


def test_legacy_single_byte_text_is_decoded() -> None:
    source = one(parse_source("a.txt", b"caf\xe9 au lait"))
    assert isinstance(source, SourceText)
    assert source.text == "café au lait"
    assert source.meta == {"encoding": "cp1252"}


def test_html_file_is_read_with_its_declared_charset() -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Zürich</title></head><body><article>'
        "<p>GENEVA (Reuters) - Pedro Sánchez visited Zürich on Friday for talks, officials said."
        "</p></article></body></html>"
    )
    documents, rejections = documents_and_rejections("a.html", page.encode("cp1252"))
    assert rejections == []
    [document] = documents
    assert document.title == "Zürich"
    assert "Pedro Sánchez visited Zürich" in document.text
    assert document.meta["encoding"] == "cp1252"


def test_feed_items_are_documents_dated_by_their_own_date() -> None:
    feed = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>W</title>'
        "<item><title>A</title><pubDate>Fri, 09 May 2025 23:30:00 -0500</pubDate>"
        "<description>Officials in Zürich met on Friday.</description></item>"
        "<item><title>B</title><pubDate>Fri, 09 May 0000 10:00:00 GMT</pubDate>"
        "<description>A story with year zero.</description></item>"
        "<item><title>C</title><description>Undated story text.</description></item>"
        "</channel></rss>"
    ).encode("latin-1")
    documents, rejections = documents_and_rejections("w.rss", feed)
    first, undated = documents
    # The local calendar day of the stated offset, not the UTC day (May 10).
    assert (first.dct, first.dct_basis) == (date(2025, 5, 9), "metadata")
    assert "Zürich" in first.text and first.title == "A"
    assert (undated.dct, undated.dct_basis) == (None, "none")
    [bad_date] = rejections
    assert (bad_date.error_class, bad_date.line) == ("bad_published", 2)
    assert "0000" in bad_date.reason


EXPECTED_BAD = {
    "archive.json": "binary",
    "broken.rss": "bad_feed",
    "damaged-utf8.txt": "decode_error",
    "empty.txt": "empty",
    "image.png": "unsupported_type",
    "impossible-date.md": "bad_published",
    "malformed.json": "bad_json",
    "no-article.html": "no_article",
    "not-gzip.txt.gz": "bad_gzip",
    "nul-bytes.txt": "nul_bytes",
    "photo.jsonl": "binary",
    "report.txt": "binary",
    "truncated.txt.gz": "bad_gzip",
    "year-zero.json": "bad_published",
}


def test_every_bad_corpus_file_is_quarantined_with_its_reason() -> None:
    found = {}
    for path in sorted((CORPUS / "bad").iterdir()):
        documents, rejections = documents_and_rejections(str(path), path.read_bytes())
        assert documents == [], path.name
        assert len(rejections) == 1, (path.name, rejections)
        assert rejections[0].reason
        found[path.name] = rejections[0].error_class
    assert found == EXPECTED_BAD


EXPECTED_GOOD = {
    # file: (documents, rejected items)
    "article.html": (1, 0),
    "article-cp1252.htm": (1, 0),
    "article.html.gz": (1, 0),
    "records.jsonl": (2, 1),
    "story-cp1252.txt": (1, 0),
    "story-utf16.txt": (1, 0),
    "story-utf8-bom.md": (1, 0),
    "story.txt.gz": (1, 0),
    "wire.atom": (1, 0),
    "wire.rss": (2, 1),
}


def test_every_good_corpus_file_gives_its_documents() -> None:
    counts = {}
    texts: dict[str, list[Document]] = {}
    for path in sorted((CORPUS / "good").iterdir()):
        documents, rejections = documents_and_rejections(str(path), path.read_bytes())
        counts[path.name] = (len(documents), len(rejections))
        texts[path.name] = documents
    assert counts == EXPECTED_GOOD
    # Three encodings of one story: one text, one id.
    ids = {texts[name][0].doc_id for name in ("story-cp1252.txt", "story-utf16.txt")}
    ids.add(texts["story-utf8-bom.md"][0].doc_id)
    assert len(ids) == 1
    # The HTML article in UTF-8 and in cp1252 reads the same once decoded.
    assert texts["article.html"][0].text == texts["article-cp1252.htm"][0].text
    article = texts["article.html"][0]
    assert article.title == "Zürich mayor meets Sánchez on rail link"
    assert (article.dct, article.byline, article.source) == (
        date(2025, 5, 9),
        "Anna Keller",
        "Example Daily",
    )
    for boilerplate in ("ADVERTISEMENT", "Lottery", "Related", "Cookie", "Home"):
        assert boilerplate not in article.text
