"""Ingestion contract, wire-copy cleaning and DCT rules of transforms.ingestion.documents."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from transforms.ingestion.dct import parse_published
from transforms.ingestion.documents import clean
from transforms.ingestion.sources import SUPPORTED_SUFFIXES, parse_source
from transforms.model import Document, Rejection, SourceText

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "reuters-2025-05-09-kim-russia-embassy.md"


def one(results: list[SourceText | Rejection]) -> SourceText | Rejection:
    assert len(results) == 1, results
    return results[0]


def cleaned(text: str, **meta: str) -> Document:
    document = clean(SourceText(path="doc.txt", text=text, meta=meta))
    assert isinstance(document, Document), document
    return document


def content_text(document: Document) -> str:
    return "\n".join(document.text[span.start : span.end] for span in document.content)


def in_content(document: Document, needle: str) -> bool:
    start = document.text.index(needle)
    end = start + len(needle)
    return any(span.start <= start and end <= span.end for span in document.content)


def overlaps_content(document: Document, needle: str) -> bool:
    start = document.text.index(needle)
    end = start + len(needle)
    return any(span.start < end and start < span.end for span in document.content)


WIRE_STORY = """Ministers agree new border deal

By Jane Doe and John Roe

LONDON, May 9 (Reuters) - Britain and France agreed a border deal on Friday.

The deal takes effect next month, officials said.

(Reporting by Jane Doe; Additional reporting by Sam Poe; Writing by Ann Lee; Editing by Bo Wu)

tagreuters.com2025binary_LYNXMPEL4808A-VIEWIMAGE"""


# ---------------------------------------------------------------- parse_source: text files


def test_supported_suffixes() -> None:
    assert (
        frozenset(
            {".txt", ".md", ".json", ".jsonl", ".html", ".htm", ".xhtml", ".rss", ".atom", ".xml"}
        )
        == SUPPORTED_SUFFIXES
    )


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


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"---\ntitle: x\n---\n  \n"])
def test_empty_text_file_is_rejected(data: bytes) -> None:
    rejection = one(parse_source("a.txt", data))
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "empty"


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


@pytest.mark.parametrize("path", ["a.pdf", "README", "a.gz", "a.pdf.gz"])
def test_unknown_extension_is_rejected(path: str) -> None:
    rejection = one(parse_source(path, b"text"))
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "unsupported_type"
    assert ".txt" in rejection.reason


# ---------------------------------------------------------------- parse_source: JSON


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


# ---------------------------------------------------------------- clean: text and ids


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


# ---------------------------------------------------------------- clean: wire furniture


def test_wire_story_layout() -> None:
    document = cleaned(WIRE_STORY)
    assert document.title == "Ministers agree new border deal"
    assert document.byline == "Jane Doe and John Roe"
    assert document.place == "London"
    assert document.source == "Reuters"
    assert content_text(document) == (
        "Britain and France agreed a border deal on Friday.\n"
        "The deal takes effect next month, officials said."
    )
    for furniture in (
        "Ministers agree",
        "By Jane Doe",
        "LONDON, May 9 (Reuters) -",
        "(Reporting by",
        "tagreuters",
    ):
        assert not overlaps_content(document, furniture), furniture
    # Spans are offsets into the stored text.
    assert all(0 <= span.start < span.end <= len(document.text) for span in document.content)


def test_given_metadata_wins_over_detected_furniture() -> None:
    document = cleaned(WIRE_STORY, title="Given", byline="Someone Else", source="My Feed")
    assert (document.title, document.byline, document.source) == (
        "Given",
        "Someone Else",
        "My Feed",
    )
    # Still furniture, even though it did not fill a field.
    assert not overlaps_content(document, "Ministers agree new border deal")
    assert not overlaps_content(document, "By Jane Doe")


@pytest.mark.parametrize(
    "first_paragraph",
    [
        "Kim met Putin on Friday.",  # final punctuation: a sentence, not a headline
        "Did Kim meet Putin?",
        "Kim met Putin on Friday\nand they talked about trade",  # two lines
        " ".join(["word"] * 40),  # too long
    ],
)
def test_not_a_headline(first_paragraph: str) -> None:
    document = cleaned(f"{first_paragraph}\n\nSecond paragraph.")
    assert document.title is None
    assert in_content(document, first_paragraph.split("\n")[0])


def test_single_line_document_is_content_not_headline() -> None:
    document = cleaned("Kim visits Moscow")
    assert document.title is None
    assert content_text(document) == "Kim visits Moscow"


def test_markdown_heading_is_a_headline() -> None:
    document = cleaned("# Kim visits Moscow\n\nKim arrived on Friday.")
    assert document.title == "Kim visits Moscow"
    assert content_text(document) == "Kim arrived on Friday."


@pytest.mark.parametrize(
    ("line", "byline", "source"),
    [
        ("By Ju-min Park", "Ju-min Park", None),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe", None),
        ("By Jane Doe, John Roe and Ann Lee", "Jane Doe, John Roe and Ann Lee", None),
        ("By Jane Doe, Reuters", "Jane Doe", "Reuters"),
        ("By Pieter van der Berg", "Pieter van der Berg", None),
        ("BY JANE DOE", "JANE DOE", None),
    ],
)
def test_bylines(line: str, byline: str, source: str | None) -> None:
    document = cleaned(f"Headline here\n\n{line}\n\nThe story begins.")
    assert document.byline == byline
    assert document.source == source
    assert not overlaps_content(document, line)
    assert content_text(document) == "The story begins."


@pytest.mark.parametrize(
    "line",
    ["By Friday, the troops had left.", "By the time they came it was over", "By now"],
)
def test_prose_starting_with_by_is_not_a_byline(line: str) -> None:
    document = cleaned(f"Headline here\n\n{line}\n\nMore.")
    assert document.byline is None
    assert in_content(document, line)


def test_byline_far_from_the_top_is_content() -> None:
    text = "Headline here\n\nFirst paragraph.\n\nSecond paragraph.\n\nBy Jane Doe\n\nLast one."
    document = cleaned(text)
    assert document.byline is None
    assert in_content(document, "By Jane Doe")


@pytest.mark.parametrize(
    ("dateline", "place", "source", "dateline_date"),
    [
        ("SEOUL (Reuters) -", "Seoul", "Reuters", None),
        ("LONDON, May 9 (Reuters) -", "London", "Reuters", "XXXX-05-09"),
        ("WASHINGTON, May 9, 2025 (Reuters) —", "Washington", "Reuters", "2025-05-09"),
        ("NEW YORK (AP) —", "New York", "Associated Press", None),
        ("PARIS, Jan. 5 (AFP) -", "Paris", "Agence France-Presse", "XXXX-01-05"),
        ("BERLIN, March 3 -", "Berlin", None, "XXXX-03-03"),
        ("RIO DE JANEIRO, Sept. 30, 2024 (Reuters) –", "Rio de Janeiro", "Reuters", "2024-09-30"),
        ("ST. PETERSBURG (Interfax) -", "St. Petersburg", "Interfax", None),
        ("AUSTIN, Texas (Reuters) -", "Austin, Texas", "Reuters", None),
    ],
)
def test_datelines(
    dateline: str, place: str, source: str | None, dateline_date: str | None
) -> None:
    for separator in (" ", ""):  # the seed has no space after the dash
        document = cleaned(f"{dateline}{separator}Officials met on Friday.\n\nThey talked.")
        assert document.place == place
        assert document.source == source
        assert document.meta.get("dateline_date") == dateline_date
        assert document.meta["dateline"] == dateline
        assert content_text(document) == "Officials met on Friday.\nThey talked."


@pytest.mark.parametrize(
    "opening",
    [
        "NATO - the alliance met on Friday.",  # no agency, no date
        "NATO (North Atlantic Treaty Organization) - members met on Friday.",
        "Seoul (Reuters) - lower-case place.",
    ],
)
def test_not_a_dateline(opening: str) -> None:
    document = cleaned(f"{opening}\n\nMore.")
    assert document.place is None
    assert "dateline" not in document.meta
    assert in_content(document, opening)


def test_dateline_only_at_start_of_first_body_paragraph() -> None:
    document = cleaned("Officials met.\n\nSEOUL (Reuters) - Later paragraph.")
    assert document.place is None
    assert in_content(document, "SEOUL (Reuters) - Later paragraph.")


@pytest.mark.parametrize(
    "credits",
    [
        "(Reporting by Jane Doe; Editing by John Roe)",
        "(Reporting by X Yu; Additional reporting by Y Zu; Writing by Z Ab; Editing by W Cd)",
        "Reporting by Jane Doe; Editing by John Roe",
        "(Editing by John Roe)",
        "(Reporting by Jane Doe)\ntagreuters.com2025binary_LYNXMPEL4808A-VIEWIMAGE",
        "Our Standards: The Thomson Reuters Trust Principles.",
        "(Reporting by Jane Doe)\n\nOur Standards: The Thomson Reuters Trust Principles.",
        "https://www.example.com/world/asia-pacific/story-id-12345",
    ],
)
def test_trailers_are_not_content(credits: str) -> None:
    document = cleaned(f"Officials met on Friday.\n\nThey talked.\n\n{credits}")
    assert content_text(document) == "Officials met on Friday.\nThey talked."


def test_credit_line_directly_under_last_paragraph() -> None:
    document = cleaned("Officials met on Friday.\nThey talked.\n(Editing by John Roe)")
    assert content_text(document) == "Officials met on Friday.\nThey talked."


def test_prose_resembling_credits_stays_content() -> None:
    last = "Reporting by the ministry showed the deal was signed."
    document = cleaned(f"Officials met on Friday.\n\n{last}")
    assert in_content(document, last)


def test_credit_like_line_in_the_middle_stays_content() -> None:
    text = "Officials met.\n\n(Reporting by Jane Doe)\n\nThey talked on Friday."
    document = cleaned(text)
    assert in_content(document, "(Reporting by Jane Doe)")


# ---------------------------------------------------------------- DCT


def test_dct_from_metadata_beats_dateline() -> None:
    text = "WASHINGTON, May 9, 2025 (Reuters) - Officials met."
    document = cleaned(text, published="2025-05-10")
    assert (document.dct, document.dct_basis) == (date(2025, 5, 10), "metadata")
    assert document.meta["dateline_date"] == "2025-05-09"
    assert document.meta["published"] == "2025-05-10"


def test_dct_from_dateline_when_no_metadata() -> None:
    document = cleaned("WASHINGTON, May 9, 2025 (Reuters) - Officials met.")
    assert (document.dct, document.dct_basis) == (date(2025, 5, 9), "dateline")


def test_yearless_dateline_without_metadata_leaves_dct_unset() -> None:
    document = cleaned("LONDON, May 9 (Reuters) - Officials met.")
    assert (document.dct, document.dct_basis) == (None, "none")
    assert document.meta["dateline_date"] == "XXXX-05-09"


def test_yearless_dateline_takes_year_from_metadata_only() -> None:
    document = cleaned("LONDON, May 9 (Reuters) - Officials met.", published="2019-05-10")
    assert (document.dct, document.dct_basis) == (date(2019, 5, 10), "metadata")
    assert document.meta["dateline_date"] == "2019-05-09"
    year_end = cleaned("LONDON, Dec. 31 (Reuters) - Officials met.", published="2020-01-01")
    assert year_end.meta["dateline_date"] == "2019-12-31"


def test_no_dates_means_no_dct() -> None:
    document = cleaned("Officials met yesterday and will meet again tomorrow.")
    assert (document.dct, document.dct_basis) == (None, "none")
    assert "dateline_date" not in document.meta


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-05-09", date(2025, 5, 9)),
        ("2025-5-9", date(2025, 5, 9)),
        ("2025-05-09T14:03:00Z", date(2025, 5, 9)),
        ("2025-05-09T23:30:00-05:00", date(2025, 5, 9)),  # the calendar day as written
        ("2025-05-09 14:03", date(2025, 5, 9)),
        ("May 9, 2025", date(2025, 5, 9)),
        ("9 May 2025", date(2025, 5, 9)),
        ("Friday, 9 May 2025", date(2025, 5, 9)),
        ("25/12/2024", date(2024, 12, 25)),  # day > 12: not ambiguous
    ],
)
def test_published_formats(published: str, expected: date) -> None:
    assert parse_published(published) == expected
    document = cleaned("Officials met.", published=published)
    assert (document.dct, document.dct_basis) == (expected, "metadata")


def test_published_in_the_document_language_or_english() -> None:
    assert parse_published("9. Mai 2025", "de") == date(2025, 5, 9)
    assert parse_published("9 May 2025", "de") == date(2025, 5, 9)
    assert parse_published("9 May 2025", "xx") == date(2025, 5, 9)  # unknown language


def test_yaml_date_in_front_matter_reaches_dct() -> None:
    data = b"---\npublished: 2025-05-09\n---\nOfficials met."
    source = one(parse_source("a.md", data))
    assert isinstance(source, SourceText)
    document = clean(source)
    assert isinstance(document, Document)
    assert (document.dct, document.dct_basis) == (date(2025, 5, 9), "metadata")


@pytest.mark.parametrize(
    "published",
    [
        "2025-02-30",
        "0000-05-09",
        "year 0",
        "yesterday",
        "today",
        "3 days ago",
        "May 9",  # no year: must not be completed from today's date
        "May 2025",
        "Friday",
        "1715212800",
        "05/09/2025",  # day and month could be swapped
        "not a date",
    ],
)
def test_bad_published_is_rejected_with_the_value(published: str) -> None:
    rejection = clean(
        SourceText(path="a.txt", text="Officials met.", meta={"published": published})
    )
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "bad_published"
    assert repr(published) in rejection.reason


def test_impossible_yaml_date_is_bad_published_not_bad_front_matter() -> None:
    source = one(parse_source("a.md", b"---\npublished: 2025-02-30\n---\nOfficials met."))
    assert isinstance(source, SourceText)
    rejection = clean(source)
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "bad_published"
    assert "2025-02-30" in rejection.reason


# ---------------------------------------------------------------- the seed article


def test_seed_article_body_is_byte_for_byte_the_original_text() -> None:
    data = SEED.read_bytes()
    source = one(parse_source(str(SEED), data))
    assert isinstance(source, SourceText)
    assert data.endswith(source.text.encode("utf-8"))
    assert source.text.startswith("North Korea’s Kim visits Russian embassy")
    assert source.text.endswith("VIEWIMAGE")


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


def test_front_matter_aliases_are_refused_not_expanded():
    # Nested aliases expand exponentially once flattened ("billion laughs").
    source = b"---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n---\nText.\n"
    (rejection,) = parse_source("a.md", source)
    assert isinstance(rejection, Rejection) and rejection.error_class == "bad_front_matter"
    assert "aliases" in rejection.reason
