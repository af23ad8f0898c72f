"""Wire furniture: headlines, bylines, datelines and credits kept out of the content."""

from __future__ import annotations

import pytest

from tests.ingestion.helpers import cleaned, content_text, in_content, overlaps_content

WIRE_STORY = """Ministers agree new border deal

By Jane Doe and John Roe

LONDON, May 9 (Reuters) - Britain and France agreed a border deal on Friday.

The deal takes effect next month, officials said.

(Reporting by Jane Doe; Additional reporting by Sam Poe; Writing by Ann Lee; Editing by Bo Wu)

tagreuters.com2025binary_LYNXMPEL4808A-VIEWIMAGE"""


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
        "Kim met Putin on Friday\nand they talked about trade",  # two lines
        " ".join(["word"] * 40),  # too long
    ],
)
def test_not_a_headline(first_paragraph: str) -> None:
    document = cleaned(f"{first_paragraph}\n\nSecond paragraph.")
    assert document.title is None
    assert in_content(document, first_paragraph.split("\n")[0])


def test_a_question_line_is_a_subhead_not_a_headline() -> None:
    # "How many died?" over a section of a story: neither the title nor story to mine.
    document = cleaned("Did Kim meet Putin?\n\nSecond paragraph.")
    assert document.title is None
    assert not overlaps_content(document, "Did Kim meet Putin?")
    assert content_text(document) == "Second paragraph."


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
    [
        "By Friday, the troops had left.",
        "By the time they came it was over.",
        "By now, all was quiet.",
    ],
)
def test_prose_starting_with_by_is_not_a_byline(line: str) -> None:
    document = cleaned(f"Headline here\n\n{line}\n\nMore.")
    assert document.byline is None
    assert in_content(document, line)


def test_byline_far_from_the_top_is_not_the_byline() -> None:
    text = "Headline here\n\nFirst paragraph.\n\nSecond paragraph.\n\nBy Jane Doe\n\nLast one."
    document = cleaned(text)
    assert document.byline is None
    # A name alone on a line is not a sentence: a subhead-like line, nothing to mine.
    assert content_text(document) == "First paragraph.\nSecond paragraph.\nLast one."


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
        ("KANSAS CITY, Mo. —", "Kansas City, Mo.", None, None),
        ("NEW YORK —", "New York", None, None),
        ("(CNN) —", None, "CNN", None),
        ("Washington CNN —", "Washington", "CNN", None),  # a broadcaster's, place in title case
        ("Hong Kong (CNN) —", "Hong Kong", "CNN", None),
    ],
)
def test_datelines(
    dateline: str, place: str | None, source: str | None, dateline_date: str | None
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
        "NATO — the alliance met on Friday.",  # one word, no region: an acronym, not a place
        "NATO (North Atlantic Treaty Organization) - members met on Friday.",
        "Seoul (Reuters) - lower-case place.",
    ],
)
def test_not_a_dateline(opening: str) -> None:
    document = cleaned(f"{opening}\n\nMore.")
    assert document.place is None
    assert "dateline" not in document.meta
    assert in_content(document, opening)


def test_a_dateline_spread_over_lines_of_its_own() -> None:
    # A page's markup can put a dateline's place, source and dash on lines of their own.
    for pieces in ("Washington\nCNN\n —\n", "Washington\nCNN — "):
        document = cleaned(
            f"Senators reach deal on border bill\n{pieces}Senators met on Friday.\nMore."
        )
        assert (document.place, document.source) == ("Washington", "CNN")
        assert document.title == "Senators reach deal on border bill"
        assert content_text(document) == "Senators met on Friday.\nMore."


def test_dateline_only_among_the_first_lines() -> None:
    story = "\n\n".join(f"Officials met for the {n}th time." for n in range(1, 10))
    document = cleaned(f"{story}\n\nSEOUL (Reuters) - Later paragraph.")
    assert document.place is None
    assert in_content(document, "SEOUL (Reuters) - Later paragraph.")


def test_lines_above_the_dateline_are_front_matter() -> None:
    # Site banners, decks and photo captions come before a story; its dateline opens it.
    text = (
        "Fans wave flags as the team's bus passes the town hall on Sunday.\n"
        "The captain lifts the trophy in front of the crowd in the main square.\n"
        "LISBON, Portugal — The city held a parade for the champions on Sunday.\n"
        "The mayor said more celebrations would follow."
    )
    document = cleaned(text)
    assert document.place == "Lisbon, Portugal"
    assert content_text(document) == (
        "The city held a parade for the champions on Sunday.\n"
        "The mayor said more celebrations would follow."
    )


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


def test_credit_like_line_in_the_middle_does_not_end_the_story() -> None:
    text = "Officials met.\n\n(Reporting by Jane Doe)\n\nThey talked on Friday."
    document = cleaned(text)
    assert content_text(document) == "Officials met.\nThey talked on Friday."
