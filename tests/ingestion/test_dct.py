"""The document creation time: from metadata, a dateline or the page's own stamp, in plausible
years, never the clock."""

from __future__ import annotations

from datetime import date

import pytest

from tests.ingestion.helpers import cleaned, one
from transforms.ingestion.dct import parse_published
from transforms.ingestion.documents import clean
from transforms.ingestion.sources import parse_source
from transforms.model import Document, Rejection, SourceText


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


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://www.example.com/2024/07/04/world/leaders-meet/index.html", date(2024, 7, 4)),
        ("https://www.example.co.uk/world/2024/jul/04/leaders-meet", date(2024, 7, 4)),
        ("https://www.example.com/world/leaders-meet-brussels-2024-07-04/", date(2024, 7, 4)),
        ("https://www.example.com/2024/02/30/world/leaders-meet", None),
        ("https://www.example.com/news/world-12345678", None),
    ],
)
def test_the_day_in_the_url_dates_a_document_without_published(url: str, day: date | None) -> None:
    document = cleaned("The leaders met on Wednesday.", url=url)
    assert (document.dct, document.dct_basis) == (day, "metadata" if day else "none")
    assert document.meta.get("url_date") == (day.isoformat() if day else None)


def test_published_beats_the_day_in_the_url() -> None:
    url = "https://www.example.com/2024/07/04/world/leaders-meet"
    document = cleaned("The leaders met.", url=url, published="2024-07-05")
    assert document.dct == date(2024, 7, 5)
    assert document.meta["url_date"] == "2024-07-04"


def test_the_page_stamp_dates_a_page_without_metadata() -> None:
    page = "Updated 10:41 AM EDT, Thu July 4, 2024\nLeaders meet in Brussels\n\nThe leaders met."
    document = cleaned(page)
    assert (document.dct, document.dct_basis) == (date(2024, 7, 4), "dateline")
    assert document.meta["stamp"] == "Updated 10:41 AM EDT, Thu July 4, 2024"
    assert document.meta["stamp_date"] == "2024-07-04"
    assert document.title == "Leaders meet in Brussels"  # the stamp is no headline


def test_a_stamp_line_is_one_line_not_a_stamp_opening_a_headline() -> None:
    document = cleaned(
        "Last Updated: July 4, 2024 | 14:32 IST\nLeaders meet in Brussels\n\nThey met."
    )
    assert document.title == "Leaders meet in Brussels"  # not "| 14:32 IST"
    assert document.meta["stamp"] == "Last Updated: July 4, 2024 | 14:32 IST"


def test_metadata_beats_the_page_stamp_which_is_kept_in_meta() -> None:
    document = cleaned("Published July 4, 2024\n\nThe leaders met.", published="2024-07-05")
    assert (document.dct, document.dct_basis) == (date(2024, 7, 5), "metadata")
    assert document.meta["stamp_date"] == "2024-07-04"


def test_an_agency_dateline_with_a_day_and_no_place_is_a_dateline() -> None:
    document = cleaned("Jul 04, 2024, 06:15 AM\n\nJuly 4 (Reuters) - The refinery restarted.")
    assert document.meta["dateline"] == "July 4 (Reuters) -"
    assert (document.dct, document.source) == (date(2024, 7, 4), "Reuters")


def test_a_yearless_dateline_takes_its_year_from_the_page_stamp() -> None:
    document = cleaned("Jan 2, 2025 11:02 PM UTC\n\nLONDON, Dec 31 (Reuters) - Officials met.")
    assert (document.dct, document.dct_basis) == (date(2024, 12, 31), "dateline")
    assert document.meta["stamp_date"] == "2025-01-02"


@pytest.mark.parametrize(
    "page",
    [
        "3 hours ago\n\nThe leaders met on Wednesday.",  # no day
        "Published on 04/07/2024 - 14:32\n\nThe leaders met.",  # 4 July or April 7
        "The leaders met.\n\nThey will meet again on July 4, 2024.",  # a date, not a stamp
        "The leaders met.\n\n" * 8 + "July 4, 2024",  # below the page's first lines
    ],
)
def test_no_page_stamp_no_dct(page: str) -> None:
    document = cleaned(page)
    assert (document.dct, document.dct_basis) == (None, "none")


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


@pytest.mark.parametrize(
    "published", ["0001-01-01", "9999-12-31", "1599-12-31", "3000-01-01", "Fri, 09 May 0001"]
)
def test_implausible_publication_years_are_quarantined(published: str) -> None:
    result = clean(SourceText("a.txt", "Officials met on Friday.", {"published": published}))
    assert isinstance(result, Rejection)
    assert result.error_class == "bad_published"
    assert repr(published) in result.reason


def test_plausible_range_edges_are_accepted() -> None:
    for published, expected in (
        ("1600-01-01", date(1600, 1, 1)),
        ("2999-12-31", date(2999, 12, 31)),
    ):
        document = clean(SourceText("a.txt", "Officials met.", {"published": published}))
        assert isinstance(document, Document) and document.dct == expected


def test_implausible_dateline_year_is_ignored_not_used_as_dct() -> None:
    document = clean(
        SourceText("a.txt", "LONDON, May 9, 0001 (Reuters) - Officials met on Friday.")
    )
    assert isinstance(document, Document)
    assert (document.dct, document.dct_basis) == (None, "none")
