"""Regenerate the nasty-input corpus in tests/data/corpus/ (run from the repository root).

Every file is written by this script from literals, so the corpus is small, reproducible and
free of anyone else's text: the stories are invented. Run `python tests/data/make_corpus.py`
after changing it; tests read the committed files, not this script.
"""

from __future__ import annotations

import gzip
import json
import zipfile
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent / "corpus"

STORY = (
    "ZURICH, May 9 (Reuters) - The mayor of Zürich met Spanish Prime Minister Pedro Sánchez "
    "on Friday to discuss a new rail link, officials said.\n\n"
    "The two sides agreed to meet again in June, a spokesperson said.\n"
)

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Mayor meets Sánchez | Example Daily</title>
<meta property="og:site_name" content="Example Daily">
<meta property="og:type" content="article">
<meta name="author" content="Site Template Author">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Zürich mayor meets Sánchez on rail link",
 "datePublished": "2025-05-09T18:30:00+02:00",
 "author": [{"@type": "Person", "name": "Anna Keller"}],
 "publisher": {"@type": "Organization", "name": "Example Daily"}}
</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<div class="ad-slot">ADVERTISEMENT: Buy cheap watches today, limited offer!</div>
<article>
<h1>Zürich mayor meets Sánchez on rail link</h1>
<p>ZURICH, May 9 (Reuters) - The mayor of Zürich met Spanish Prime Minister Pedro Sánchez on
Friday to discuss a new rail link between the two countries, officials said.</p>
<p>The two sides agreed to meet again in June to settle the financing, a spokesperson for the
city said after the talks.</p>
<div class="share">Share this article on social media</div>
<p>Construction could begin next year if both parliaments approve the plan, she added.</p>
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a">Lottery winner buys a castle in the hills</a></li>
<li><a href="/b">Ten recipes for a rainy weekend at home</a></li></ul></aside>
<footer>© 2025 Example Daily. All rights reserved. Privacy policy. Cookie settings.</footer>
</body>
</html>
"""

NO_ARTICLE_HTML = """<!DOCTYPE html>
<html><head><title>Page not found - Example Daily</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<h1>404</h1><p>Sorry, this page does not exist.</p>
<ul><li><a href="/a">Most read: castle</a></li><li><a href="/b">Most read: recipes</a></li></ul>
</body></html>
"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Example Wire</title>
<link>https://example.test/</link>
<language>en-gb</language>
<item>
  <title>Port strike ends after pay deal</title>
  <link>https://example.test/port-strike</link>
  <guid>example-1</guid>
  <pubDate>Fri, 09 May 2025 23:30:00 -0500</pubDate>
  <dc:creator>Jane Doe</dc:creator>
  <description>Short summary only.</description>
  <content:encoded><![CDATA[<p>ROTTERDAM (Reuters) - Dock workers ended a week-long strike on
  Friday after unions accepted a pay deal, the port authority said.</p>
  <script>document.write('tracking')</script>
  <p>Ships queued outside the harbour will be unloaded over the weekend.</p>
  <div class="related"><a href="/x">Read more</a></div>]]></content:encoded>
</item>
<item>
  <title>Central bank holds rates&nbsp;steady</title>
  <guid>example-2</guid>
  <pubDate>Thu, 08 May 2025 09:00:00 GMT</pubDate>
  <description>&lt;p&gt;The central bank kept its main interest rate unchanged on Thursday,
  citing stable inflation.&lt;/p&gt;</description>
</item>
<item>
  <title>Impossible date</title>
  <guid>example-3</guid>
  <pubDate>Sun, 30 Feb 2025 10:00:00 GMT</pubDate>
  <description>This item has a date that does not exist, so it must be quarantined.</description>
</item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Example Atom</title>
<id>urn:example:feed</id>
<updated>2025-05-10T00:00:00Z</updated>
<entry>
  <title>Flood barriers raised in the north</title>
  <id>urn:example:1</id>
  <updated>2025-05-10T00:00:00Z</updated>
  <published>2025-05-09T22:15:00+02:00</published>
  <author><name>Ann Lee</name></author>
  <link href="https://example.test/floods"/>
  <content type="html">&lt;p&gt;Engineers raised flood barriers along the river on Friday as
  water levels rose, the regional government said.&lt;/p&gt;</content>
</entry>
</feed>
"""

BROKEN_RSS = RSS[: RSS.index("<item>", RSS.index("example-1"))] + "<item><title>Cut off"


def tiny_pdf() -> bytes:
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def tiny_png() -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    )


def tiny_zip() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("story.txt", date_time=(2025, 5, 9, 0, 0, 0))
        archive.writestr(info, STORY)
    return buffer.getvalue()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


FILES: dict[str, bytes] = {
    # Inputs that must become documents.
    "good/article.html": ARTICLE_HTML.encode("utf-8"),
    "good/article-cp1252.htm": ARTICLE_HTML.replace('charset="utf-8"', 'charset="windows-1252"')
    .replace("©", "(c)")
    .encode("cp1252"),
    "good/wire.rss": RSS.encode("utf-8"),
    "good/wire.atom": ATOM.encode("utf-8"),
    "good/story-cp1252.txt": STORY.encode("cp1252"),
    "good/story-utf16.txt": STORY.encode("utf-16"),  # with a byte-order mark
    "good/story-utf8-bom.md": b"\xef\xbb\xbf---\ntitle: Rail link\npublished: 2025-05-09\n---\n"
    + STORY.encode("utf-8"),
    "good/story.txt.gz": gz(STORY.replace("Friday", "Saturday").encode("utf-8")),
    "good/article.html.gz": gz(ARTICLE_HTML.replace("June", "July").encode("utf-8")),
    "good/records.jsonl": (
        json.dumps({"text": "The council approved the budget on Monday.", "id": "r1"})
        + "\n"
        + '{"text": "this line is broken", \n'
        + json.dumps({"text": "The council rejected the tram plan on Tuesday.", "id": "r3"})
        + "\n"
    ).encode("utf-8"),
    # Inputs that must be quarantined, each for its own reason.
    "bad/empty.txt": b"",
    "bad/report.txt": tiny_pdf(),
    "bad/photo.jsonl": tiny_png(),
    "bad/archive.json": tiny_zip(),
    "bad/nul-bytes.txt": b"The council met\x00\x00\x00 on Monday.\n",
    "bad/damaged-utf8.txt": "Zürich ".encode() + b"\xff\xfe broken tail\n",
    "bad/malformed.json": b'{"text": "unterminated',
    "bad/no-article.html": NO_ARTICLE_HTML.encode("utf-8"),
    "bad/broken.rss": BROKEN_RSS.encode("utf-8"),
    "bad/impossible-date.md": b"---\npublished: 2025-02-30\n---\nThe council met on Monday.\n",
    "bad/year-zero.json": json.dumps(
        {"text": "The council met on Monday.", "published": "0000-05-09"}
    ).encode("utf-8"),
    "bad/truncated.txt.gz": gz(STORY.encode("utf-8"))[:-12],
    "bad/not-gzip.txt.gz": b"plain text pretending to be gzip\n",
    "bad/image.png": tiny_png(),
}


def main() -> None:
    for name, data in FILES.items():
        target = HERE / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


if __name__ == "__main__":
    main()
