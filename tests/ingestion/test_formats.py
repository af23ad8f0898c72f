"""Bytes and formats under transforms/ingestion: encodings, gzip, HTML articles and feeds."""

from __future__ import annotations

import gzip
import socket
from datetime import date
from pathlib import Path

import lxml.html
import pytest

from transforms.ingestion.compressed import Gunzipped, GzipFailure, gunzip
from transforms.ingestion.documents import clean
from transforms.ingestion.encoding import (
    Decoded,
    Undecodable,
    binary_kind,
    declared_charset,
    decode,
    decode_utf8_line,
)
from transforms.ingestion.readers.feeds import parse_feed
from transforms.ingestion.readers.html import article_metadata, fragment_to_text, parse_html_article
from transforms.model import Document, Rejection, SourceText

NAMES = "Zürich and Sánchez met in Bogotá."

# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (NAMES.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + NAMES.encode("utf-8"), "utf-8"),
        (NAMES.encode("utf-16"), "utf-16-le"),  # Python writes a little-endian BOM
        (b"\xfe\xff" + NAMES.encode("utf-16-be"), "utf-16-be"),
        (NAMES.encode("utf-32"), "utf-32-le"),
        (NAMES.encode("utf-16-le"), "utf-16-le"),  # no BOM: found from the NUL pattern
        (NAMES.encode("utf-16-be"), "utf-16-be"),
        (NAMES.encode("cp1252"), "cp1252"),
        (NAMES.encode("latin-1"), "cp1252"),
    ],
)
def test_names_survive_every_encoding(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert decoded == Decoded(NAMES, encoding)


def test_short_legacy_words_decode_as_cp1252_not_a_random_code_page() -> None:
    # charset-normalizer alone calls b"Z\xfcrich" UTF-16; cp1252 is tried first.
    assert decode("Zürich".encode("cp1252")) == Decoded("Zürich", "cp1252")
    assert decode("Sánchez".encode("cp1252")) == Decoded("Sánchez", "cp1252")
    assert decode("Peña, España".encode("cp1252")).text == "Peña, España"  # ñ differs in cp1250
    curly = "“It costs €5 — too much…” said the minister on Friday."
    assert decode(curly.encode("cp1252")) == Decoded(curly, "cp1252")


def test_other_legacy_scripts_are_detected_not_forced_into_cp1252() -> None:
    russian = "Правительство объявило о новых мерах поддержки экономики в пятницу."
    decoded = decode(russian.encode("cp1251"))
    assert isinstance(decoded, Decoded)
    assert decoded.text == russian


def test_declared_charset_is_used_when_the_bytes_are_not_utf8() -> None:
    text = "Ελληνικά νέα από την Αθήνα σήμερα το πρωί."
    data = text.encode("iso8859-7")
    assert decode(data, declared="iso-8859-7") == Decoded(text, "iso8859-7")


def test_bogus_or_dangerous_declared_charsets_are_ignored() -> None:
    data = "Zürich".encode("cp1252")
    for label in ("rot13", "base64", "utf-7", "no-such-charset"):
        assert decode(data, declared=label) == Decoded("Zürich", "cp1252"), label


def test_declared_charset_is_read_from_xml_and_html() -> None:
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><rss/>') == "iso-8859-1"
    assert declared_charset(b'<html><head><meta charset="windows-1252">') == "windows-1252"
    assert (
        declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">')
        == "koi8-r"
    )
    assert declared_charset(b"<html><body>no declaration</body></html>") is None


def test_damaged_utf8_is_undecodable_not_mojibake() -> None:
    result = decode("Zürich ".encode() + b"\xff tail")
    assert isinstance(result, Undecodable)
    assert result.error_class == "decode_error"
    assert "0xff" in result.reason and "offset 8" in result.reason


def test_nul_bytes_are_not_text() -> None:
    result = decode(b"The council\x00 met.")
    assert result == Undecodable(
        "contains NUL bytes (the first at offset 11), so it is a binary or damaged file, not text",
        "nul_bytes",
    )
    assert isinstance(decode(b"\xff\xfeA\x00\x00\x00B\x00"), Undecodable)  # UTF-16 with a NUL


def test_bom_with_invalid_content_is_a_decode_error() -> None:
    result = decode(b"\xef\xbb\xbfok \xff")
    assert isinstance(result, Undecodable) and result.error_class == "decode_error"
    assert "UTF-8 byte-order mark" in result.reason


def test_random_high_bytes_are_undecodable() -> None:
    result = decode(bytes(range(0x80, 0x100)) * 4)
    assert isinstance(result, Undecodable)


def test_utf8_line_decoder() -> None:
    assert decode_utf8_line("Zürich".encode()) == Decoded("Zürich", "utf-8")
    assert decode_utf8_line(b"a\xffb") == Undecodable(
        "not valid UTF-8 (byte 0xff at offset 1)", "decode_error"
    )
    bad = decode_utf8_line(b"a\x00b")
    assert isinstance(bad, Undecodable) and bad.error_class == "nul_bytes"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00", "PNG"),
        (b"PK\x03\x04\x14\x00", "zip"),
        (b"\xff\xd8\xff\xe0", "JPEG"),
        (b"GIF89a", "GIF"),
        (b"\x7fELF\x02", "ELF"),
    ],
)
def test_binary_signatures(data: bytes, kind: str) -> None:
    name = binary_kind(data)
    assert name is not None and kind in name


def test_text_is_not_binary() -> None:
    assert binary_kind(b"PDF files are documents") is None
    assert binary_kind(b"") is None


# ---------------------------------------------------------------- gzip


def test_gunzip_round_trip_and_multiple_members() -> None:
    data = gzip.compress(b"first ", mtime=0) + gzip.compress(b"second", mtime=0)
    assert gunzip(data, 1000) == Gunzipped(b"first second")


def test_gunzip_stops_at_the_limit_without_expanding_a_bomb() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000, mtime=0)
    assert len(bomb) < 10_000
    result = gunzip(bomb, 1_000_000)
    assert isinstance(result, GzipFailure)
    assert result.error_class == "too_large" and "1,000,000" in result.reason
    assert gunzip(gzip.compress(b"x" * 100), 100) == Gunzipped(b"x" * 100)  # limit inclusive
    assert isinstance(gunzip(gzip.compress(b"x" * 101), 100), GzipFailure)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (gzip.compress(b"hello world" * 50, mtime=0)[:-12], "truncated"),
        (b"not gzip at all", "no gzip signature"),
        (gzip.compress(b"a", mtime=0) + b"junk", "trailing bytes"),
        (b"\x1f\x8b\x08\x00" + b"\xff" * 30, "corrupt"),
    ],
)
def test_bad_gzip(data: bytes, expected: str) -> None:
    result = gunzip(data, 10_000)
    assert isinstance(result, GzipFailure)
    assert result.error_class == "bad_gzip"
    assert expected in result.reason


# ---------------------------------------------------------------- HTML articles

ARTICLE = """<!DOCTYPE html>
<html lang="en-GB"><head>
<title>Port strike ends | Example Daily</title>
<meta property="og:title" content="Port strike ends (OG)">
<meta property="og:site_name" content="Example Daily">
<meta property="og:url" content="https://example.test/port">
<meta name="author" content="Meta Author">
<meta property="article:published_time" content="2025-05-08T10:00:00Z">
<script type="application/ld+json">
[{"@type": "WebSite", "name": "Example Daily"},
 {"@graph": [{"@type": ["NewsArticle"], "headline": "Port strike ends after pay deal",
   "datePublished": "2025-05-09T23:30:00-05:00",
   "author": [{"@type": "Person", "name": "Jane Doe"}, {"name": "John Roe"}, "Jane Doe"]}]}]
</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/business">Business</a></nav></header>
<div class="advert">ADVERTISEMENT Win a cruise today, click here now!</div>
<article>
<h1>Port strike ends after pay deal</h1>
<p>ROTTERDAM (Reuters) - Dock workers ended a week-long strike on Friday after unions
accepted a pay deal, the port authority said.</p>
<p>Ships queued outside the harbour will be unloaded over the weekend, it said in a
statement.</p>
<p>The deal raises wages by 6% this year and 4% next year.</p>
</article>
<aside><h2>Related</h2><ul><li><a href="/1">Cruise ship runs aground in fog</a></li>
<li><a href="/2">Ten tips for a cheap holiday</a></li></ul></aside>
<footer>Copyright Example Daily. Terms. Privacy.</footer>
</body></html>"""


def test_html_article_main_text_without_boilerplate() -> None:
    source = parse_html_article("a.html", ARTICLE)
    assert isinstance(source, SourceText)
    paragraphs = source.text.strip().split("\n\n")
    assert paragraphs == [
        "ROTTERDAM (Reuters) - Dock workers ended a week-long strike on Friday after unions "
        "accepted a pay deal, the port authority said.",
        "Ships queued outside the harbour will be unloaded over the weekend, it said in a "
        "statement.",
        "The deal raises wages by 6% this year and 4% next year.",
    ]
    for boilerplate in ("Home", "ADVERTISEMENT", "Cruise ship", "Related", "Copyright"):
        assert boilerplate not in source.text


def test_html_metadata_prefers_json_ld_then_meta_tags() -> None:
    source = parse_html_article("a.html", ARTICLE)
    assert isinstance(source, SourceText)
    assert source.meta == {
        "title": "Port strike ends after pay deal",
        "byline": "Jane Doe, John Roe",
        "published": "2025-05-09T23:30:00-05:00",
        "source": "Example Daily",
        "url": "https://example.test/port",
        "language": "en-GB",
        "format": "html",
    }


def test_html_metadata_from_meta_tags_alone() -> None:
    page = (
        "<html><head><title>T | Site</title>"
        '<meta property="og:title" content="Meta title">'
        '<meta name="author" content="https://example.test/people/ann">'
        '<meta name="byl" content="By Ann Lee">'
        '<meta name="dc.date" content="2025-02-30">'
        '<link rel="canonical" href="https://example.test/c">'
        "</head><body><p>x</p></body></html>"
    )
    meta = article_metadata(lxml.html.document_fromstring(page))
    assert meta == {
        "title": "Meta title",
        "byline": "By Ann Lee",  # the author URL is skipped
        "published": "2025-02-30",  # kept as written: clean() quarantines it
        "url": "https://example.test/c",
    }


def test_an_html_page_with_no_dated_metadata_is_dated_by_its_visible_time() -> None:
    page = (
        "<html><head><title>Ferry strike ends</title></head><body><article>"
        "<h1>Ferry strike ends</h1><time>Updated 6:12 PM EDT, Thu July 4, 2024</time>"
        "<p>Ferry workers ended a three-day strike on Thursday after union leaders accepted "
        "a new pay offer, the transit authority said on Thursday evening.</p>"
        "<p>The strike, which began on Monday, stranded thousands of commuters.</p>"
        "</article></body></html>"
    )
    source = parse_html_article("a.html", page)
    assert isinstance(source, SourceText)
    assert source.meta["stamp"] == "Updated 6:12 PM EDT, Thu July 4, 2024"
    document = clean(source)
    assert isinstance(document, Document)
    assert (document.dct, document.dct_basis) == (date(2024, 7, 4), "dateline")


def test_broken_json_ld_costs_the_metadata_not_the_article() -> None:
    page = ARTICLE.replace('"@type": ["NewsArticle"]', '"@type": ["NewsArticle"')
    source = parse_html_article("a.html", page)
    assert isinstance(source, SourceText)
    assert source.meta["title"] == "Port strike ends (OG)"
    assert source.meta["published"] == "2025-05-08T10:00:00Z"
    assert source.meta["byline"] == "Meta Author"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Not found</title></head><body><h1>Page not found</h1>"
        "<p>Sorry, the page you asked for does not exist.</p></body></html>",
        "<html><body><main>"
        + "".join(
            f"<div><h2><a href='/{i}'>Headline {i} about politics today</a></h2>"
            f"<p>Teaser number {i}.</p></div>"
            for i in range(12)
        )
        + "</main></body></html>",
        "<html><body><nav><ul>"
        + "".join(f"<li><a href='/{i}'>Section {i} of the site</a></li>" for i in range(30))
        + "</ul></nav></body></html>",
        "<html><body>"
        + "".join(
            f"<article><h2><a href='/{i}'>Story {i}</a></h2><p>A teaser sentence about "
            f"story number {i} that runs on for a while.</p></article>"
            for i in range(3)
        )
        + "</body></html>",
        "<html><head><script>var a = 'lots of code here that is not text';</script></head></html>",
        "",
        "   ",
    ],
    ids=[
        "error-page",
        "index-page",
        "navigation-only",
        "teaser-articles",
        "script-only",
        "empty",
        "blank",
    ],
)
def test_pages_without_an_article_are_rejected(page: str) -> None:
    rejection = parse_html_article("p.html", page)
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == "no_article"


def test_a_short_declared_article_is_kept() -> None:
    page = (
        "<html><body><article><h1>Quake</h1><p>TOKYO (Reuters) - A magnitude 6.1 earthquake "
        "struck off northern Japan on Friday, officials said.</p></article></body></html>"
    )
    source = parse_html_article("q.html", page)
    assert isinstance(source, SourceText)
    assert source.text.startswith("TOKYO (Reuters) - A magnitude 6.1")


def test_html_parsing_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    page = ARTICLE.replace(
        "<article>",
        '<article><img src="http://127.0.0.1:9/pixel.gif">'
        '<iframe src="http://127.0.0.1:9/frame"></iframe>',
    )
    source = parse_html_article("a.html", page)
    assert isinstance(source, SourceText)


def test_fragment_to_text_keeps_paragraphs_and_line_breaks_only() -> None:
    fragment = (
        "<p>First line<br>second   line\nwraps here.</p>"
        "<script>alert('x')</script><style>p {}</style>"
        "<p>Ann &amp; Bob said <a href='/x'>this</a>.</p>"
        "<div><a href='/more'>Read more</a></div>"
        "<ul><li><a href='/r1'>Related one</a></li></ul>"
    )
    assert fragment_to_text(fragment) == (
        "First line\nsecond line wraps here.\n\nAnn & Bob said this."
    )
    assert fragment_to_text("") == ""
    assert fragment_to_text("plain text\n\nsecond paragraph") == "plain text\n\nsecond paragraph"
    assert fragment_to_text("<b>a</b> &lt;tag&gt;", plain=True) == "<b>a</b> &lt;tag&gt;"


def test_deeply_nested_html_does_not_overflow() -> None:
    fragment = "<div>" * 5000 + "Deep text." + "</div>" * 5000
    assert "Deep text." in fragment_to_text(fragment) or fragment_to_text(fragment) == ""


# ---------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Example Wire</title><language>en-gb</language>
<item><title>Strike&nbsp;ends</title><link>https://example.test/1</link><guid>g1</guid>
<pubDate>Fri, 09 May 2025 23:30:00 -0500</pubDate><dc:creator>Jane Doe</dc:creator>
<description>Summary only.</description>
<content:encoded><![CDATA[<p>ROTTERDAM (Reuters) - Dock workers ended a strike.</p>
<script>evil()</script><p>Ships will be unloaded.</p><p><a href="/m">More</a></p>]]>
</content:encoded></item>
<item><title>Rates</title><pubDate>Thu, 08 May 2025 09:00:00 GMT</pubDate>
<description>&lt;p&gt;The bank held rates &amp;amp; waited.&lt;/p&gt;</description></item>
<item><title>Title only</title><guid>g3</guid></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:f</id>
<updated>2025-05-10T00:00:00Z</updated>
<entry><title>Floods</title><id>urn:1</id><updated>2025-05-10T00:00:00Z</updated>
<published>2025-05-09T22:15:00+02:00</published><author><name>Ann Lee</name></author>
<link href="https://example.test/floods"/>
<content type="html">&lt;p&gt;Barriers were raised.&lt;/p&gt;
&lt;p&gt;Water rose.&lt;/p&gt;</content>
</entry>
<entry><title>Plain</title><id>urn:2</id><updated>2025-05-08T08:00:00Z</updated>
<content type="text">Line &lt;one&gt;.

Second paragraph.</content></entry>
</feed>"""


def test_rss_items_become_sources_with_their_own_dates() -> None:
    first, second, third = parse_feed("w.rss", RSS)
    assert isinstance(first, SourceText) and isinstance(second, SourceText)
    assert (
        first.text
        == "ROTTERDAM (Reuters) - Dock workers ended a strike.\n\nShips will be unloaded.\n"
    )
    assert first.line == 1
    assert first.meta == {
        "title": "Strike ends",
        "url": "https://example.test/1",
        "byline": "Jane Doe",
        "id": "g1",
        "published": "Fri, 09 May 2025 23:30:00 -0500",
        "source": "Example Wire",
        "language": "en-gb",
        "format": "rss20",
    }
    assert second.text == "The bank held rates & waited.\n"
    assert second.meta["published"] == "Thu, 08 May 2025 09:00:00 GMT"
    assert third == Rejection(
        "w.rss", "feed item 3 has no text (no content or description)", "empty", line=3
    )


def test_atom_entries() -> None:
    first, second = parse_feed("f.atom", ATOM)
    assert isinstance(first, SourceText) and isinstance(second, SourceText)
    assert first.text == "Barriers were raised.\n\nWater rose.\n"
    assert first.meta["published"] == "2025-05-09T22:15:00+02:00"  # published beats updated
    assert (first.meta["byline"], first.meta["source"]) == ("Ann Lee", "Atom Desk")
    assert first.meta["format"] == "atom10"
    assert second.text == "Line <one>.\n\nSecond paragraph.\n"  # type="text" is not markup
    assert second.meta["published"] == "2025-05-08T08:00:00Z"  # no published: updated


TRUNCATED_RSS = RSS[: RSS.index("<item><title>Rates")] + "<item><title>Cut"
GARBAGE_RSS = RSS[: RSS.index("<item><title>Title only")] + "<<"


@pytest.mark.parametrize(
    ("text", "error_class", "in_reason", "line"),
    [
        (TRUNCATED_RSS, "bad_feed", "not well-formed", TRUNCATED_RSS.count("\n") + 1),
        (GARBAGE_RSS, "bad_feed", "not well-formed", GARBAGE_RSS.count("\n") + 1),
        ("<?xml version='1.0'?><root><a>1</a></root>", "bad_feed", "not an RSS or Atom", None),
        ("<html><body><p>hi</p></body></html>", "bad_feed", "not an RSS or Atom", None),
        ("<rss version='2.0'><channel><title>X</title></channel></rss>", "empty", "no items", None),
        ("", "empty", "empty", None),
        ("https://example.test/feed.xml", "bad_feed", "not well-formed", 1),
        ("/etc/passwd", "bad_feed", "not well-formed", 1),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaa">]>\n<rss version="2.0"/>',
            "bad_feed",
            "DOCTYPE",
            2,
        ),
    ],
    ids=["truncated", "garbage", "other-xml", "html", "no-items", "empty", "url", "path", "dtd"],
)
def test_bad_feeds_are_rejected_whole(
    text: str, error_class: str, in_reason: str, line: int | None
) -> None:
    [rejection] = parse_feed("bad.rss", text)
    assert isinstance(rejection, Rejection)
    assert rejection.error_class == error_class
    assert in_reason in rejection.reason
    assert rejection.line == line


def test_feed_text_is_never_opened_as_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text(RSS, encoding="utf-8")
    [rejection] = parse_feed("x.rss", str(secret))
    assert isinstance(rejection, Rejection) and rejection.error_class == "bad_feed"


def test_feed_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<rss version='2.0'><channel><title>X</title><item><title>A</title>"
        "<description>Leak: &x;</description></item></channel></rss>"
    )
    for item in parse_feed("x.rss", feed):
        text = item.text if isinstance(item, SourceText) else item.reason
        assert "TOP SECRET" not in text


def test_feed_declared_encoding_is_replaced_by_the_decoded_text() -> None:
    # The text arrives decoded; a stale declaration must not make feedparser decode it again.
    feed = RSS.replace('encoding="utf-8"', 'encoding="windows-1252"').replace(
        "Jane Doe", "José Núñez"
    )
    first = parse_feed("w.rss", feed)[0]
    assert isinstance(first, SourceText) and first.meta["byline"] == "José Núñez"
