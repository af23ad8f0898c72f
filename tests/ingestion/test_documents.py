"""clean: a source text to a document, with defaults, metadata, language and the seed article."""

from __future__ import annotations

from datetime import date

import pytest

from tests.ingestion.helpers import (
    SEED,
    cleaned,
    content_text,
    in_content,
    one,
    overlaps_content,
)
from transforms.ingestion.documents import clean
from transforms.ingestion.sources import parse_source
from transforms.model import Document, Rejection, SourceText


def test_defaults() -> None:
    document = cleaned("Kim met Putin on Friday.")
    assert document.language == "en"
    assert (document.source, document.url, document.byline, document.title) == (None,) * 4
    assert document.place is None
    assert document.content and content_text(document) == "Kim met Putin on Friday."


def test_metadata_fields_are_used() -> None:
    document = cleaned(
        "Story.", title="T", source="S", url="https://x.test", byline="B", language="EN"
    )
    assert (document.title, document.source, document.url, document.byline) == (
        "T",
        "S",
        "https://x.test",
        "B",
    )
    assert document.language == "en"


def test_empty_text_is_rejected_by_clean() -> None:
    rejection = clean(SourceText(path="a.json", text=" \r\n ", line=3))
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "empty"
    assert rejection.line == 3


def test_text_with_only_furniture_has_no_content() -> None:
    rejection = clean(SourceText(path="a.txt", text="A headline\n\n(Reporting by Jane Doe)"))
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "no_content"
    assert "page furniture" in rejection.reason


def test_a_programme_listing_says_so_when_it_is_set_aside() -> None:
    entries = "".join(
        f"Show {n} returns with live music and guests.\nPresenter/Jane Roe, Producer/Ann Poe\n"
        for n in range(3)
    )
    rejection = clean(SourceText(path="a.txt", text=entries))
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "no_content"
    assert "programme listing" in rejection.reason


@pytest.mark.parametrize(
    ("tag", "language", "meta_tag"),
    [(None, "en", None), ("en", "en", None), ("en-GB", "en", "en-GB"), ("EN_us", "en", "EN_us")],
)
def test_language_tags_reduce_to_their_primary_language(
    tag: str | None, language: str, meta_tag: str | None
) -> None:
    meta = {"language": tag} if tag else {}
    document = clean(SourceText("a.txt", "Officials met on Friday.", meta))
    assert isinstance(document, Document)
    assert document.language == language
    assert document.meta.get("language_tag") == meta_tag


@pytest.mark.parametrize(
    ("tag", "error_class"),
    [
        ("de", "unsupported_language"),
        ("zh-Hant-TW", "unsupported_language"),
        ("../../etc", "bad_language"),
        ("en/../../x", "bad_language"),
        ("English", "bad_language"),
    ],
)
def test_languages_without_rules_or_malformed_tags_are_quarantined(
    tag: str, error_class: str
) -> None:
    # The language picks rule files downstream: it must never become a path, and a language
    # without rules must not reach extraction (where it would stop the run).
    result = clean(SourceText("a.txt", "Officials met on Friday.", {"language": tag}, line=4))
    assert isinstance(result, Rejection)
    assert (result.error_class, result.line, result.path) == (error_class, 4, "a.txt")
    assert repr(tag) in result.reason


def test_seed_article() -> None:
    source = one(parse_source(str(SEED), SEED.read_bytes()))
    assert isinstance(source, SourceText)
    document = clean(source)
    assert isinstance(document, Document)
    assert (document.dct, document.dct_basis) == (date(2025, 5, 9), "metadata")
    assert document.title == "North Korea’s Kim visits Russian embassy as his generals meet Putin"
    assert (document.source, document.byline, document.language) == ("Reuters", "Ju-min Park", "en")
    assert document.place == "Seoul"
    for furniture in (
        "North Korea’s Kim visits Russian embassy as his generals meet Putin",
        "By Ju-min Park",
        "SEOUL (Reuters) -",
        "(Reporting by Ju-min Park; Editing by Muralikumar Anantharaman and Philippa Fletcher)",
        "tagreuters.com2025binary_LYNXMPEL4808A-VIEWIMAGE",
    ):
        assert not overlaps_content(document, furniture), furniture
    for fact in ("Kim Jong Un", "Xi Jinping", "North Korean leader", "Kursk region."):
        assert in_content(document, fact), fact
    assert document.text[document.content[0].start :].startswith("North Korean leader Kim Jong Un")
    assert len(document.content) == 13  # one span per body paragraph
