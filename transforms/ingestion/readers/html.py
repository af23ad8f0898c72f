"""HTML: a saved article page to one source text, and HTML fragments (feed items) to plain text.

The article's main text comes from trafilatura (navigation, ads, share bars and related-story
lists removed); its title, author, date, site and address come from the page's own metadata:
``<meta>`` tags (Open Graph, Dublin Core, news-site conventions) and schema.org JSON-LD. The date
is never guessed from the page's prose or taken from the clock (trafilatura's own date search
does both, so it is not used): a page without a date in its metadata keeps no date here, and
the wire-copy rules in `transforms.ingestion.documents.clean` may still read one from a dateline.

Nothing in the page is fetched or followed: no URL is passed to trafilatura, lxml's parser does
no network access, and links are dropped from the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import lxml.etree
import lxml.html

from transforms.model import Rejection, SourceText

# --- what counts as an article ------------------------------------------------------------

# A prose paragraph has at least this many words and ends like a sentence...
MIN_PROSE_WORDS = 8
# ...and a page is an article when it declares itself one (schema.org/Open Graph type or an
# <article> element) and has a prose paragraph, or when it has this many prose paragraphs
# totalling this many words. Index pages, error pages and cookie walls have neither.
MIN_PROSE_PARAGRAPHS_UNDECLARED = 2
MIN_WORDS_UNDECLARED = 40
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")

# schema.org types of pages that are a single story (any type ending in "Article" also counts).
ARTICLE_TYPES = frozenset({"blogposting", "liveblogposting", "report", "socialmediaposting"})

# --- where the metadata is, most specific first -----------------------------------------------

# (attribute, value) pairs of <meta> tags, matched case-insensitively.
TITLE_META = (("property", "og:title"), ("name", "twitter:title"), ("name", "dc.title"))
AUTHOR_META = (
    ("name", "author"),
    ("property", "article:author"),
    ("name", "byl"),
    ("name", "dc.creator"),
    ("name", "parsely-author"),
    ("name", "sailthru.author"),
)
DATE_META = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("property", "og:published_time"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.created"),
    ("name", "dcterms.date"),
    ("name", "parsely-pub-date"),
    ("name", "sailthru.date"),
    ("itemprop", "datepublished"),
)
SOURCE_META = (("property", "og:site_name"), ("name", "application-name"))
URL_META = (("property", "og:url"),)
LANGUAGE_META = (("property", "og:locale"), ("http-equiv", "content-language"))

# Elements whose content is never story text.
SKIPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "canvas",
        "form",
        "button",
        "select",
        "textarea",
        "nav",
        "aside",
        "head",
        "title",
        "graphic",  # trafilatura's image element
    }
)
# Elements that start a new paragraph (HTML, plus trafilatura's output vocabulary).
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "blockquote",
        "quote",
        "pre",
        "code",
        "ul",
        "ol",
        "li",
        "list",
        "item",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "row",
        "caption",
        "figure",
        "figcaption",
        "address",
        "hr",
        "body",
        "doc",
    }
)
LINE_BREAK_TAGS = frozenset({"br", "lb"})
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
# Stands for a <br> while source whitespace (newlines included) is collapsed: a private-use
# character, removed from the page's own text first so the two cannot be confused.
_LINE_BREAK = "\ue000"
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "head"})


def parse_html_article(path: str, text: str) -> SourceText | Rejection:
    """One article page to one source text: main text as paragraphs, metadata from the head."""
    tree = _parse_document(text)
    if tree is None:
        return Rejection(path, "the HTML page has no elements to read", "no_article")
    meta = article_metadata(tree)
    # Imported here: trafilatura takes 0.4 s to import, which every run that reads no HTML
    # (an unchanged re-run above all, `pipeline.unchanged`) would otherwise pay.
    from trafilatura import bare_extraction

    extracted = bare_extraction(
        text,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        with_metadata=False,
        deduplicate=False,
    )
    body = getattr(extracted, "body", None)
    paragraphs = list(block_texts(body)) if body is not None else []
    paragraphs = _without_leading_title(paragraphs, meta.get("title"))
    declared = _declares_article(tree)
    if not _is_article(paragraphs, declared):
        words = sum(len(p.split()) for p in paragraphs)
        return Rejection(
            path,
            "the HTML page has no article text (found "
            f"{len(paragraphs)} text block(s), {words} word(s), no story-length prose)",
            "no_article",
        )
    meta["format"] = "html"
    return SourceText(path=path, text="\n\n".join(paragraphs) + "\n", meta=meta)


def fragment_to_text(fragment: str, *, plain: bool = False) -> str:
    """An HTML fragment (a feed item's content) as plain text, one paragraph per block.

    With `plain`, the fragment is already text (an Atom ``type="text"`` element): only its
    blank-line paragraphs are kept and its whitespace tidied, nothing is read as markup.
    """
    if not fragment.strip():
        return ""
    if plain or ("<" not in fragment and "&" not in fragment):
        return "\n\n".join(_plain_paragraphs(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    return "\n\n".join(block_texts(root))


def block_texts(root: Any) -> Iterator[str]:
    """Paragraph texts of an element tree: blocks split paragraphs, line breaks stay lines.

    A paragraph made only of link text ("Read more", a list of related stories, share
    buttons) is dropped: in a story's own HTML such blocks are navigation, not prose. Walks
    iteratively, so a deeply nested hostile page cannot exhaust the recursion limit.
    """
    buffer: list[tuple[str, bool]] = []  # (text, inside a link)
    skipping = 0
    in_link = 0
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = _tag(element)
        if event == "start":
            if skipping or tag in SKIPPED_TAGS or tag is None:
                skipping += 1
                continue
            if tag in BLOCK_TAGS:
                yield from _flush(buffer)
            elif tag in LINE_BREAK_TAGS:
                buffer.append((_LINE_BREAK, False))
            elif tag == "a":
                in_link += 1
            if element.text:
                buffer.append((element.text.replace(_LINE_BREAK, ""), in_link > 0))
            continue
        if skipping:
            skipping -= 1
            if skipping:
                continue
        elif tag in BLOCK_TAGS:
            yield from _flush(buffer)
        elif tag in ("td", "th", "cell"):
            buffer.append((" ", False))
        elif tag == "a":
            in_link -= 1
        if element.tail and element is not root:
            buffer.append((element.tail.replace(_LINE_BREAK, ""), in_link > 0))
    yield from _flush(buffer)


def article_metadata(tree: Any) -> dict[str, str]:
    """Title, byline, published date, source, url and language from meta tags and JSON-LD.

    JSON-LD comes first where both exist: it is the structured record publishers maintain for
    search engines, while meta tags are often templated site-wide.
    """
    metas = _meta_values(tree)
    ld = _json_ld_article(tree)
    found: dict[str, str | None] = {
        "title": _ld_text(ld, "headline")
        or _first_meta(metas, TITLE_META)
        or _ld_text(ld, "name")
        or _element_text(tree, "//title")
        or _element_text(tree, "//h1"),
        "byline": _ld_people(ld.get("author") if ld else None)
        or _first_meta(metas, AUTHOR_META, skip_urls=True),
        "published": _ld_text(ld, "datePublished")
        or _first_meta(metas, DATE_META)
        or _time_datetime(tree)
        or _ld_text(ld, "dateCreated"),
        "source": _first_meta(metas, SOURCE_META)
        or _ld_people(ld.get("publisher") if ld else None),
        "url": _first_meta(metas, URL_META) or _canonical(tree) or _ld_text(ld, "url"),
        "language": _html_lang(tree)
        or _ld_text(ld, "inLanguage")
        or _first_meta(metas, LANGUAGE_META),
        # The page's visible stamp, which the article's text loses: it dates the document
        # as a stamp line on a text page does, when nothing above gives a published date.
        "stamp": _first_time(tree),
    }
    return {key: value for key, value in found.items() if value}


# --- helpers ------------------------------------------------------------------------------------


def _parse_document(text: str) -> Any | None:
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        # ValueError: lxml refuses str input with an encoding declaration in some versions.
        try:
            return lxml.html.document_fromstring(text.encode("utf-8"))
        except (lxml.etree.ParserError, ValueError):
            return None


def _tag(element: Any) -> str | None:
    tag = element.tag
    if not isinstance(tag, str):
        return None  # comments and processing instructions
    return tag.rsplit("}", 1)[-1].lower()


def _flush(buffer: list[tuple[str, bool]]) -> Iterator[str]:
    """Emit the buffered paragraph: whitespace collapsed, only <br> breaking lines."""
    if not buffer:
        return
    pieces = list(buffer)
    buffer.clear()
    if all(in_link or not text.strip() for text, in_link in pieces):
        return  # nothing but links (or nothing at all)
    raw = _SPACES.sub(" ", "".join(text for text, _ in pieces))
    lines = (line.strip() for line in raw.split(_LINE_BREAK))
    text = "\n".join(line for line in lines if line)
    if text:
        yield text


def _plain_paragraphs(text: str) -> Iterator[str]:
    for block in re.split(r"\n\s*\n", text):
        cleaned = _SPACES.sub(" ", block).strip()
        if cleaned:
            yield cleaned


def _without_leading_title(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop the page's headline from the top of the text: it is kept as the title instead."""
    if paragraphs and title and _comparable(paragraphs[0]) == _comparable(title):
        return paragraphs[1:]
    return paragraphs


def _comparable(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _is_prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= MIN_PROSE_WORDS and bool(_SENTENCE_END.search(paragraph))


def _is_article(paragraphs: list[str], declared: bool) -> bool:
    prose = [p for p in paragraphs if _is_prose(p)]
    if declared:
        return bool(prose)
    words = sum(len(p.split()) for p in prose)
    return len(prose) >= MIN_PROSE_PARAGRAPHS_UNDECLARED and words >= MIN_WORDS_UNDECLARED


def _declares_article(tree: Any) -> bool:
    # One <article> element is a story page; index pages wrap every teaser in one.
    if len(tree.xpath("//article")) == 1:
        return True
    og_type = _first_meta(_meta_values(tree), (("property", "og:type"),))
    if og_type and og_type.lower() == "article":
        return True
    return _json_ld_article(tree) is not None


def _meta_values(tree: Any) -> dict[tuple[str, str], str]:
    values: dict[tuple[str, str], str] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                values.setdefault((attribute, key.strip().lower()), content.strip())
    return values


def _first_meta(
    metas: dict[tuple[str, str], str],
    keys: Iterable[tuple[str, str]],
    *,
    skip_urls: bool = False,
) -> str | None:
    for key in keys:
        value = metas.get(key)
        if value and not (skip_urls and re.match(r"https?://", value)):
            return value
    return None


def _json_ld_article(tree: Any) -> dict[str, Any] | None:
    """The first schema.org object in the page's JSON-LD whose type is an article type."""
    for script in tree.xpath("//script[@type]"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            loaded = json.loads(script.text or "")
        except (json.JSONDecodeError, RecursionError):
            continue  # broken structured data costs the metadata, never the article
        for candidate in _ld_objects(loaded):
            if _is_article_type(candidate.get("@type")):
                return candidate
    return None


def _ld_objects(loaded: Any) -> Iterator[dict[str, Any]]:
    """Objects at the top level, in lists and in @graph, without recursing further."""
    pending = [loaded]
    seen = 0
    while pending and seen < 1000:
        item = pending.pop(0)
        seen += 1
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                pending.extend(graph)


def _is_article_type(value: Any) -> bool:
    types = value if isinstance(value, list) else [value]
    for kind in types:
        if not isinstance(kind, str):
            continue
        name = kind.rsplit("/", 1)[-1].lower()
        if name.endswith("article") or name in ARTICLE_TYPES:
            return True
    return False


def _ld_text(ld: dict[str, Any] | None, key: str) -> str | None:
    if not ld:
        return None
    value = ld.get(key)
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("@id") if key == "url" else value.get("name")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def _ld_people(value: Any) -> str | None:
    """Author or publisher names: a string, an object with a name, or a list of either."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:20]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list) and name:
            name = name[0]
        if not isinstance(name, str):
            continue
        name = name.strip()
        if name and not re.match(r"https?://", name) and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _element_text(tree: Any, xpath: str) -> str | None:
    for element in tree.xpath(xpath):
        text = _SPACES.sub(" ", element.text_content()).strip()
        if text:
            return text
    return None


def _time_datetime(tree: Any) -> str | None:
    for element in tree.xpath("//time[@pubdate or @itemprop='datePublished'][@datetime]"):
        value = (element.get("datetime") or "").strip()
        if value:
            return value
    return None


_MAX_STAMP_CHARS = 120  # a stamp is a line's worth; longer is an element around more


def _first_time(tree: Any) -> str | None:
    """The first `<time>` of the article (else of the page): its machine-readable
    `datetime`, else its words ("Updated 6:12 PM EDT, Thu July 4, 2024")."""
    for xpath in ("//article//time", "//main//time", "//time"):
        for element in tree.xpath(xpath):
            value = (element.get("datetime") or "").strip()
            value = value or _SPACES.sub(" ", element.text_content()).strip()
            if value:
                return value[:_MAX_STAMP_CHARS]
    return None


def _canonical(tree: Any) -> str | None:
    for element in tree.xpath("//link[@href]"):
        if "canonical" in (element.get("rel") or "").lower().split():
            return element.get("href").strip() or None
    return None


def _html_lang(tree: Any) -> str | None:
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    return value.strip() or None
