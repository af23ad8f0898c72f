"""Cleaning: one source text in, one document out, with its id, language, layout and DCT.

`clean` is where a record a reader produced (`transforms.ingestion.sources.parse_source`)
becomes a `Document`: the text normalised and named (`identity`), its language read from its
tag or detected and checked (`language`), the wire furniture around the story found (`layout`,
by the rules in `wire`) and its creation time read from metadata or a dateline (`dct`). It is
a pure function: no clock, no filesystem, and an unusable text is a `Rejection`, never an
exception.
"""

from __future__ import annotations

from datetime import date

from transforms.ingestion.dct import dateline_date, published_date, stamp_date, url_date
from transforms.ingestion.identity import document_id, normalise_text
from transforms.ingestion.language import document_language
from transforms.ingestion.layout import analyse_layout
from transforms.ingestion.lines import line_rules
from transforms.ingestion.wire import agency_name, wire_rules
from transforms.model import DctBasis, Document, Rejection, SourceText

KNOWN_META_KEYS: tuple[str, ...] = (
    "title",
    "published",
    "source",
    "url",
    "language",
    "byline",
    "id",
    "stamp",  # a page's stamp its reader found outside the text (an HTML page's <time>)
)
"""Metadata keys that fill a document's own fields; any other key is kept in `meta`."""


def clean(source: SourceText) -> Document | Rejection:
    """Normalise one source text, separate wire furniture from content and fix its DCT."""
    text = normalise_text(source.text)
    doc_id = document_id(text)
    if not text:
        return _rejected(source, "the text is empty", "empty")
    if "\x00" in text:
        # A NUL can only arrive escaped (JSON "\u0000"): it marks damaged data, and no
        # database column or tokenizer downstream should have to cope with it.
        return _rejected(
            source,
            f"the text contains a NUL character (at offset {text.index(chr(0))})",
            "nul_bytes",
        )
    meta = dict(source.meta)
    given = {key: meta.pop(key, None) or None for key in KNOWN_META_KEYS}
    choice = document_language(given["language"], text)
    if isinstance(choice, Rejection):
        return _rejected(source, choice.reason, choice.error_class)
    language = choice.language
    if given["language"] and language != given["language"]:
        meta["language_tag"] = given["language"]  # "en-GB" as written; the document is "en"
    if choice.basis != "tag":
        # Said in the document's metadata, so a reader of the warehouse can tell a detected
        # language (or a default kept because the text was too short to tell) from a tag.
        meta["language_basis"] = choice.basis
        if choice.detected is not None:
            meta["language_detected"] = f"{choice.detected} {choice.confidence:.2f}"
    rules = wire_rules(language)
    lines = line_rules(language)
    layout = analyse_layout(text, rules, lines)
    if not layout.content:
        if layout.lines and all(line.kind == "listing" for line in layout.lines):
            reason = (
                "a broadcaster's programme listing (its entries credit a presenter or a "
                "producer), not a story"
            )
        else:
            reason = (
                "nothing left to extract: once the headline, byline, dateline, credit lines and "
                "other page furniture (captions, promos, timestamps, subheads) are set aside "
                "the text is empty"
            )
        return _rejected(source, reason, "no_content")

    dct: date | None = None
    dct_basis: DctBasis = "none"
    if given["published"]:
        published = published_date(given["published"], language, rules.published_years)
        if isinstance(published, str):
            return _rejected(source, published, "bad_published")
        dct, dct_basis = published, "metadata"
        meta["published"] = given["published"]
    in_url = url_date(given["url"], rules) if given["url"] else None
    if in_url is not None:
        meta["url_date"] = in_url.isoformat()
        if dct is None:
            dct, dct_basis = in_url, "metadata"

    # The page's own stamp ("Updated 10:41 AM EDT, Thu July 4, 2031") when the metadata has
    # no date: printed at the top of the story as a dateline is, and so `dct_basis`
    # 'dateline'; `meta` says which line it was.
    stamp_day: date | None = None
    stamps = (given["stamp"], *layout.stamps) if given["stamp"] else layout.stamps
    stamped = stamp_date(
        stamps, lines.stamp_date, lines.stamp_month_first, language, rules.published_years
    )
    if stamped is not None:
        meta["stamp"], stamp_day = stamped
        meta["stamp_date"] = stamp_day.isoformat()
    dateline = layout.dateline
    if dateline is not None:
        meta["dateline"] = dateline.text
        on_dateline = dateline_date(dateline, dct or stamp_day, rules.published_years)
        if isinstance(on_dateline, date):
            meta["dateline_date"] = on_dateline.isoformat()
            if dct is None:
                dct, dct_basis = on_dateline, "dateline"
        elif on_dateline is not None:
            meta["dateline_date"] = on_dateline
    if dct is None and stamp_day is not None:
        dct, dct_basis = stamp_day, "dateline"
    if given["id"]:
        meta["external_id"] = given["id"]

    byline = layout.byline
    agency = (dateline.agency if dateline else None) or (byline.agency if byline else None)
    return Document(
        doc_id=doc_id,
        text=text,
        content=layout.content,
        title=given["title"] or layout.headline,
        source=given["source"] or (agency_name(agency, rules) if agency else None),
        url=given["url"],
        language=language,
        byline=given["byline"] or (byline.names if byline else None),
        place=dateline.place if dateline else None,
        dct=dct,
        dct_basis=dct_basis,
        path=source.path,
        meta=meta,
    )


def _rejected(source: SourceText, reason: str, error_class: str) -> Rejection:
    return Rejection(path=source.path, reason=reason, error_class=error_class, line=source.line)
