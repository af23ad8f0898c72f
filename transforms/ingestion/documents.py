"""Input files in, cleaned documents out: the ingestion contract, wire-copy cleaning and the DCT.

Everything here is a pure function of its arguments. The flow discovers files, reads their bytes
and passes them in, so these rules are testable without a filesystem, a clock or a database. The
document creation time (DCT) in particular never comes from the wall clock: a document whose date
cannot be read from its metadata or dateline keeps `dct=None`, so relative expressions downstream
stay unanchored instead of being silently pinned to the day the pipeline ran.

Formats: plain text and Markdown (optional YAML front matter), JSON and JSON Lines, HTML
article pages and RSS/Atom feeds (readers in `transforms/formats/`), each optionally gzipped.
Every file goes through one encoding policy (`transforms.ingestion.encoding`), binary files are
refused by signature, and every way an input can be unusable ends as a `Rejection` with an
`error_class`, never as an exception.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

import dateparser
import yaml

from transforms.ingestion.compressed import GZIP_SUFFIX, GzipFailure, gunzip, is_gzip
from transforms.ingestion.encoding import (
    Decoded,
    Undecodable,
    binary_kind,
    declared_charset,
    decode,
    decode_utf8_line,
)
from transforms.ingestion.identity import document_id, normalise_text
from transforms.ingestion.readers.feeds import FEED_SUFFIXES, parse_feed
from transforms.ingestion.readers.html import parse_html_article
from transforms.ingestion.size_limit import DEFAULT_MAX_BYTES, too_large
from transforms.model import DctBasis, Document, Rejection, SourceText, Span
from transforms.resources.loader import wire_resource

TEXT_SUFFIXES: frozenset[str] = frozenset({".txt", ".md"})
JSON_SUFFIXES: frozenset[str] = frozenset({".json", ".jsonl"})
HTML_SUFFIXES: frozenset[str] = frozenset({".html", ".htm", ".xhtml"})
SUPPORTED_SUFFIXES: frozenset[str] = TEXT_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES
"""File extensions `parse_source` understands (lower case, with the dot), each also gzipped
(`.txt.gz`); see `format_suffix`."""

KNOWN_META_KEYS: tuple[str, ...] = (
    "title",
    "published",
    "source",
    "url",
    "language",
    "byline",
    "id",
)
DEFAULT_LANGUAGE = "en"
# The rule files the extraction stages load for a document's language (transforms/actors.py,
# transforms/events.py); a language without all of them cannot be processed.
EXTRACTION_RESOURCES: tuple[str, ...] = ("actors.yaml", "events.yaml", "plover.yaml")
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")

_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*(?:\r\n|\n|\r)")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)", re.MULTILINE)
_ISO_DATE_PREFIX = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})")
_MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+")
_CLOSING_MARKS = "\"'”’»)]"


# --------------------------------------------------------------------------------------------
# Ingestion contract: bytes of one file -> source texts or rejections
# --------------------------------------------------------------------------------------------


def format_suffix(path: str) -> tuple[str, bool]:
    """The suffix that names a file's format and whether it is gzipped: a.txt.gz -> (.txt, True).

    Only the name is looked at, never the filesystem.
    """
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    compressed = name.endswith(GZIP_SUFFIX)
    if compressed:
        name = name[: -len(GZIP_SUFFIX)]
    return os.path.splitext(name)[1], compressed


def is_supported(path: str) -> bool:
    """True when `parse_source` has a reader for this file name (gzipped or not)."""
    return format_suffix(path)[0] in SUPPORTED_SUFFIXES


def parse_source(
    path: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[SourceText | Rejection]:
    """Split one input file into documents, rejecting (not raising on) anything unusable.

    A bad record rejects only itself, so one broken line in a large .jsonl file does not cost the
    rest of the file. Gzipped content (by name or by signature) is expanded first, up to
    `max_bytes`; binary files are refused by signature before any decoding is attempted.
    """
    suffix, named_gzip = format_suffix(path)
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        shown = suffix or "(no extension)"
        return [
            Rejection(
                path=path,
                reason=f"unsupported file type {shown}; expected one of {supported} "
                "(optionally gzipped, e.g. .txt.gz)",
                error_class="unsupported_type",
            )
        ]
    refused = too_large(path, len(data), max_bytes)
    if refused is not None:
        return [refused]
    if named_gzip or is_gzip(data):
        expanded = gunzip(data, max_bytes)
        if isinstance(expanded, GzipFailure):
            return [Rejection(path=path, reason=expanded.reason, error_class=expanded.error_class)]
        data = expanded.data
        if is_gzip(data):
            return [
                Rejection(
                    path=path,
                    reason="gzip data inside gzip data; expand it to one level of compression",
                    error_class="bad_gzip",
                )
            ]
    kind = binary_kind(data)
    if kind is not None:
        return [
            Rejection(
                path=path,
                reason=f"the file is {kind}, not a {suffix} text file",
                error_class="binary",
            )
        ]
    if suffix in TEXT_SUFFIXES:
        return [_parse_text_file(path, data)]
    if suffix == ".json":
        return _parse_json_file(path, data)
    if suffix == ".jsonl":
        return _parse_jsonl_file(path, data)
    decoded = _decode(path, data, declared=declared_charset(data))
    if isinstance(decoded, Rejection):
        return [decoded]
    if suffix in HTML_SUFFIXES:
        return [_with_encoding(parse_html_article(path, decoded.text), decoded)]
    return [_with_encoding(item, decoded) for item in parse_feed(path, decoded.text)]


def _decode(
    path: str, data: bytes, line: int | None = None, declared: str | None = None
) -> Decoded | Rejection:
    decoded = decode(data, declared)
    if isinstance(decoded, Undecodable):
        return Rejection(
            path=path, reason=decoded.reason, error_class=decoded.error_class, line=line
        )
    return decoded


def _with_encoding(item: SourceText | Rejection, decoded: Decoded) -> SourceText | Rejection:
    """Note a legacy encoding in the metadata, so a reader can tell how the text was read."""
    if isinstance(item, Rejection) or decoded.encoding in ("utf-8", "ascii"):
        return item
    return SourceText(
        path=item.path,
        text=item.text,
        meta={"encoding": decoded.encoding, **item.meta},
        line=item.line,
    )


# libyaml's parser when PyYAML was built with it: front matter is read for every file of
# every run, and the pure-Python parser cost a second per 2,000 files.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringDatesLoader(_SafeLoader):
    """A safe YAML loader that leaves timestamps as strings.

    PyYAML would build `date(2025, 2, 30)` itself and fail with a YAML error; keeping the string
    lets `clean` report an impossible `published` value as such (bad_published) with the value.

    It also refuses aliases (``*name``): metadata never needs them, and a few lines of nested
    aliases expand exponentially when the values are flattened to strings ("billion laughs").
    """

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        """Turn PyYAML's stray exceptions on explicit tags (``!!int _``, ``!!bool x``) into
        YAML errors with a position: they are bad metadata, not a reason to stop."""
        if node in self.constructed_objects or node in self.recursive_objects:
            # Only an alias reaches a node twice (libyaml composes without compose_node).
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in front matter", node.start_mark
            )
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as e:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read the value {node.value!r} ({e})", node.start_mark
            ) from e

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


_StringDatesLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str
)  # an explicit !!timestamp stays a string too
_StringDatesLoader.yaml_implicit_resolvers = {
    first_char: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first_char, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse_text_file(path: str, data: bytes) -> SourceText | Rejection:
    result = _decode(path, data)
    if isinstance(result, Rejection):
        return result
    decoded = result.text
    meta: dict[str, str] = {}
    body = decoded
    opening = _FRONT_MATTER_OPEN.match(decoded)
    if opening:
        closing = _FRONT_MATTER_CLOSE.search(decoded, opening.end())
        if closing is None:
            return Rejection(
                path=path,
                reason="front matter opened with '---' on line 1 is never closed by a '---' line",
                error_class="bad_front_matter",
            )
        front_matter = _load_front_matter(path, decoded[opening.end() : closing.start()])
        if isinstance(front_matter, Rejection):
            return front_matter
        meta = front_matter
        body = decoded[closing.end() :]
    if not body.strip():
        where = " after the front matter" if opening else ""
        return Rejection(path=path, reason=f"the file has no text{where}", error_class="empty")
    return _with_encoding(SourceText(path=path, text=body, meta=meta), result)


def _load_front_matter(path: str, source: str) -> dict[str, str] | Rejection:
    try:
        loaded = yaml.load(source, Loader=_StringDatesLoader)  # a SafeLoader subclass
    except RecursionError:
        return Rejection(
            path=path,
            reason="front matter is not valid YAML: nested too deeply to read",
            error_class="bad_front_matter",
        )
    except ValueError as error:  # a value PyYAML cannot build: an explicit !!timestamp, a huge int
        return Rejection(
            path=path,
            reason=f"front matter has a value that cannot be read: {error}",
            error_class="bad_front_matter",
        )
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        # +2: the mark is 0-based and counts from the line after the opening '---'.
        where = f" on line {mark.line + 2}" if mark is not None else ""
        return Rejection(
            path=path,
            reason=f"front matter is not valid YAML: {problem}{where}",
            error_class="bad_front_matter",
        )
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        return Rejection(
            path=path,
            reason=(
                "front matter must be a mapping of keys such as 'title:' and 'published:', "
                f"not a {_yaml_type_name(loaded)}"
            ),
            error_class="bad_front_matter",
        )
    return _meta_from_mapping(loaded)


def _yaml_type_name(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "plain string"
    return type(value).__name__


def _meta_from_mapping(
    mapping: dict[Any, Any], skip: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Flatten metadata to strings; empty values count as not given, so defaults apply."""
    meta: dict[str, str] = {}
    for key, value in mapping.items():
        name = str(key).strip()
        if name in skip:
            continue
        as_text = _meta_value(value)
        if as_text:
            meta[name] = as_text
    return meta


def _meta_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    try:
        if isinstance(value, int | float):
            return str(value)
        return json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:  # an integer beyond Python's 4300-digit str() limit (YAML hex allows it)
        return hex(value) if isinstance(value, int) else "(value too large to show)"


def _parse_json_file(path: str, data: bytes) -> list[SourceText | Rejection]:
    result = _decode(path, data)
    if isinstance(result, Rejection):
        return [result]
    decoded = result.text
    if not decoded.strip():
        return [Rejection(path=path, reason="the file is empty", error_class="empty")]
    loaded = _load_json(decoded)
    if isinstance(loaded, _JsonError):
        return [
            Rejection(
                path=path,
                reason=f"not valid JSON: {loaded.message}",
                error_class="bad_json",
                line=loaded.line,
            )
        ]
    if isinstance(loaded, dict):
        records = [_record_from_json(path, loaded, line=None, label="the JSON object")]
    elif isinstance(loaded, list):
        if not loaded:
            return [
                Rejection(path=path, reason="the JSON list has no records", error_class="empty")
            ]
        records = [
            _record_from_json(path, item, line=index, label=f"record {index}")
            for index, item in enumerate(loaded, start=1)
        ]
    else:
        records = []
    if records:
        return [_with_encoding(record, result) for record in records]
    return [
        Rejection(
            path=path,
            reason=f"JSON must be an object or a list of objects, not {_json_type_name(loaded)}",
            error_class="bad_json",
        )
    ]


def _parse_jsonl_file(path: str, data: bytes) -> list[SourceText | Rejection]:
    """One record per line; a line that is not JSON (or not text) rejects only itself.

    The file's encoding is decided for the whole file when it can be. A file that is UTF-8
    except for some damaged lines (or lines with NUL bytes) is read line by line instead, so
    only those lines are lost.
    """
    whole = decode(data)
    lines: list[Decoded | Undecodable]
    if isinstance(whole, Decoded):
        lines = [Decoded(line, whole.encoding) for line in whole.text.split("\n")]
    else:
        lines = [decode_utf8_line(raw) for raw in data.split(b"\n")]
    results: list[SourceText | Rejection] = []
    for line_number, line in enumerate(lines, start=1):
        if isinstance(line, Undecodable):
            results.append(
                Rejection(
                    path=path,
                    reason=f"line {line_number} is {line.reason}"
                    if line.error_class == "decode_error"
                    else f"line {line_number} {line.reason}",
                    error_class=line.error_class,
                    line=line_number,
                )
            )
            continue
        text = line.text.rstrip("\r")
        if not text.strip():
            continue
        loaded = _load_json(text)
        if isinstance(loaded, _JsonError):
            results.append(
                Rejection(
                    path=path,
                    reason=f"line {line_number} is not valid JSON: {loaded.message_in_line}",
                    error_class="bad_json",
                    line=line_number,
                )
            )
            continue
        record = _record_from_json(path, loaded, line=line_number, label=f"line {line_number}")
        results.append(_with_encoding(record, line))
    if not results:
        return [Rejection(path=path, reason="the file has no records", error_class="empty")]
    return results


@dataclass(frozen=True)
class _JsonError:
    message: str  # with line and column, for a whole file
    message_in_line: str  # with the column only, for one line of a .jsonl file
    line: int | None


def _load_json(text: str) -> Any:
    """`json.loads`, with every way it can fail (not only syntax) turned into a `_JsonError`.

    Deep nesting raises RecursionError and a number of more than 4300 digits raises
    ValueError; both are properties of a bad input, not of the program.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        return _JsonError(
            f"{error.msg} at line {error.lineno} column {error.colno}",
            f"{error.msg} at column {error.colno}",
            error.lineno,
        )
    except RecursionError:
        message = "nested too deeply to read"
        return _JsonError(message, message, None)
    except ValueError as error:
        return _JsonError(str(error), str(error), None)


def _json_type_name(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _record_from_json(
    path: str, record: Any, line: int | None, label: str
) -> SourceText | Rejection:
    if not isinstance(record, dict):
        return Rejection(
            path=path,
            reason=f'{label} is {_json_type_name(record)}, expected an object with a "text" key',
            error_class="bad_record",
            line=line,
        )
    if "text" not in record:
        return Rejection(
            path=path,
            reason=f'{label} has no "text" key',
            error_class="missing_text",
            line=line,
        )
    text = record["text"]
    if not isinstance(text, str):
        return Rejection(
            path=path,
            reason=f'{label}: "text" must be a string, not {_json_type_name(text)}',
            error_class="missing_text",
            line=line,
        )
    if not text.strip():
        return Rejection(
            path=path, reason=f'{label} has an empty "text"', error_class="empty", line=line
        )
    meta = _meta_from_mapping(record, skip=frozenset({"text"}))
    return SourceText(path=path, text=text, meta=meta, line=line)


# --------------------------------------------------------------------------------------------
# Wire-copy rules, kept as data in resources/<lang>/wire.yaml
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WireRules:
    """Compiled wire-copy conventions for one language."""

    agencies: dict[str, str]  # lower-cased agency as written -> source name
    max_unknown_agency_words: int
    months: dict[str, int]
    lowercase_particles: frozenset[str]
    headline_max_chars: int
    headline_max_words: int
    headline_final_punctuation: str
    byline_opener: re.Pattern[str]
    byline_separators: re.Pattern[str]
    byline_max_chars: int
    max_leading_paragraphs: int
    dateline: re.Pattern[str]
    credit_line: re.Pattern[str]
    credit_max_chars: int
    trailer_lines: tuple[re.Pattern[str], ...]
    published_years: tuple[int, int]  # plausible publication years, inclusive


@cache
def wire_rules(language: str = DEFAULT_LANGUAGE) -> WireRules:
    """Load a language's wire rules once; languages without their own file use English rules."""
    base = language.split("-")[0].split("_")[0].lower()
    package = base if re.fullmatch(r"[a-z]{2,3}", base) else DEFAULT_LANGUAGE
    try:
        raw = wire_resource(package)
    except (ModuleNotFoundError, FileNotFoundError):
        if package == DEFAULT_LANGUAGE:
            raise
        return wire_rules(DEFAULT_LANGUAGE)
    return _compile_rules(raw)


def _compile_rules(raw: dict[str, Any]) -> WireRules:
    months = {str(name).lower(): int(number) for name, number in raw["months"].items()}
    month_alternation = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    place_word = r"[A-Z][A-Z.'’/\-]*"
    # Upper-case place, optional title-case region ("AUSTIN, Texas"), optional date, optional
    # "(Agency)", then a dash. Whether a match is really a dateline (it needs an agency or a
    # date) is decided in code.
    dateline = re.compile(
        rf"(?P<place>[A-Z][A-Z.'’/\-]+(?:[ \t]+{place_word})*)"
        rf"(?:,[ \t]+(?!(?i:{month_alternation})\b)"
        r"(?P<region>[A-Z][A-Za-z.'’\-]*(?:[ \t]+[A-Z][A-Za-z.'’\-]*)?))?"
        rf"(?:,[ \t]+(?P<month>(?i:{month_alternation}))\.?[ \t]+(?P<day>\d{{1,2}})"
        r"(?:,[ \t]*(?P<year>\d{4}))?)?"
        r"[ \t]*(?:\((?P<agency>[^()\n]{1,40})\))?"
        r"[ \t]*(?:--|[-–—])[ \t]*"
    )
    openers = "|".join(
        sorted((re.escape(str(o)) for o in raw["credit_openers"]), key=len, reverse=True)
    )
    credit_line = re.compile(rf"(?P<paren>\()?[ \t]*(?i:{openers})[ \t]+(?i:by)[ \t]+(?P<first>\S)")
    byline = raw["byline"]
    separators = "|".join(
        r"\s*,\s*" if sep == "," else rf"\s+{re.escape(str(sep))}\s+"
        for sep in byline["separators"]
    )
    headline = raw["headline"]
    return WireRules(
        agencies={str(k).lower(): str(v) for k, v in raw["agencies"].items()},
        max_unknown_agency_words=int(raw["max_unknown_agency_words"]),
        months=months,
        lowercase_particles=frozenset(str(p).lower() for p in raw["lowercase_particles"]),
        headline_max_chars=int(headline["max_chars"]),
        headline_max_words=int(headline["max_words"]),
        headline_final_punctuation=str(headline["final_punctuation"]),
        byline_opener=re.compile(rf"(?i:{re.escape(str(byline['opener']))})[ \t]+(?P<rest>.+)"),
        byline_separators=re.compile(separators),
        byline_max_chars=int(byline["max_chars"]),
        max_leading_paragraphs=int(byline["max_leading_paragraphs"]),
        dateline=dateline,
        credit_line=credit_line,
        credit_max_chars=int(raw["credit_max_chars"]),
        trailer_lines=tuple(re.compile(str(p)) for p in raw["trailer_patterns"]),
        published_years=(int(raw["published_years"][0]), int(raw["published_years"][1])),
    )


# --------------------------------------------------------------------------------------------
# Cleaning: source text -> document
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dateline:
    text: str  # the dateline as written, dash included
    place: str  # title-cased
    agency: str | None  # as written
    month: int | None
    day: int | None
    year: int | None
    end: int  # offset in the document text where the story proper starts


@dataclass(frozen=True)
class Byline:
    names: str | None  # as written, without the "By" and without a trailing agency
    agency: str | None


@dataclass(frozen=True)
class Layout:
    headline: str | None
    byline: Byline | None
    dateline: Dateline | None
    content: tuple[Span, ...]


def clean(source: SourceText) -> Document | Rejection:
    """Normalise one source text, separate wire furniture from content and fix its DCT."""
    text = normalise_text(source.text)
    if not text:
        return Rejection(
            path=source.path, reason="the text is empty", error_class="empty", line=source.line
        )
    if "\x00" in text:
        # A NUL can only arrive escaped (JSON "\u0000"): it marks damaged data, and no
        # database column or tokenizer downstream should have to cope with it.
        return Rejection(
            path=source.path,
            reason=f"the text contains a NUL character (at offset {text.index(chr(0))})",
            error_class="nul_bytes",
            line=source.line,
        )
    meta = dict(source.meta)
    given = {key: meta.pop(key, None) or None for key in KNOWN_META_KEYS}
    language = document_language(given["language"])
    if isinstance(language, str) and given["language"] and language != given["language"]:
        meta["language_tag"] = given["language"]  # "en-GB" as written; the document is "en"
    if isinstance(language, Rejection):
        return Rejection(
            path=source.path,
            reason=language.reason,
            error_class=language.error_class,
            line=source.line,
        )
    rules = wire_rules(language)
    layout = analyse_layout(text, rules)
    if not layout.content:
        return Rejection(
            path=source.path,
            reason=(
                "nothing left to extract: once the headline, byline, dateline and credit lines "
                "are set aside the text is empty"
            ),
            error_class="no_content",
            line=source.line,
        )

    dct: date | None = None
    dct_basis: DctBasis = "none"
    if given["published"]:
        published = parse_published(given["published"], language)
        if isinstance(published, str):
            return Rejection(
                path=source.path, reason=published, error_class="bad_published", line=source.line
            )
        first, last = rules.published_years
        if not first <= published.year <= last:
            return Rejection(
                path=source.path,
                reason=f"published date {given['published']!r} is outside the years "
                f"{first}-{last} a news document can have",
                error_class="bad_published",
                line=source.line,
            )
        dct, dct_basis = published, "metadata"
        meta["published"] = given["published"]

    dateline = layout.dateline
    if dateline is not None:
        meta["dateline"] = dateline.text
        dateline_date = _dateline_date(dateline, dct)
        first, last = rules.published_years
        if isinstance(dateline_date, date) and not first <= dateline_date.year <= last:
            dateline_date = None  # "May 9, 0001": a typo, not a date to anchor a story on
        if isinstance(dateline_date, date):
            meta["dateline_date"] = dateline_date.isoformat()
            if dct is None:
                dct, dct_basis = dateline_date, "dateline"
        elif dateline_date is not None:
            meta["dateline_date"] = dateline_date
    if given["id"]:
        meta["external_id"] = given["id"]

    byline = layout.byline
    agency = (dateline.agency if dateline else None) or (byline.agency if byline else None)
    return Document(
        doc_id=document_id(text),
        text=text,
        content=layout.content,
        title=given["title"] or layout.headline,
        source=given["source"] or (_agency_name(agency, rules) if agency else None),
        url=given["url"],
        language=language,
        byline=given["byline"] or (byline.names if byline else None),
        place=dateline.place if dateline else None,
        dct=dct,
        dct_basis=dct_basis,
        path=source.path,
        meta=meta,
    )


def document_language(tag: str | None) -> str | Rejection:
    """The language a document is processed in: the primary subtag of its language tag.

    "en-GB", "en_us" and "EN" are all English. The value comes from the document, and the
    extraction stages look their rule files up by it, so only a well-formed tag is accepted
    (never "../x"), and only a language that has extraction rules: a German feed item is
    quarantined as such instead of failing the run when its rules are not found.
    """
    if not tag or not tag.strip():
        return DEFAULT_LANGUAGE
    written = tag.strip()
    normalised = written.lower().replace("_", "-")
    if not _LANGUAGE_TAG.fullmatch(normalised):
        return Rejection(
            path="",
            reason=f"language {written!r} is not a language code such as 'en' or 'en-GB'",
            error_class="bad_language",
        )
    primary = normalised.split("-", 1)[0]
    available = supported_languages()
    if primary not in available:
        return Rejection(
            path="",
            reason=f"language {written!r} has no extraction rules (available: "
            f"{', '.join(sorted(available))}); the document cannot be processed",
            error_class="unsupported_language",
        )
    return primary


@cache
def supported_languages() -> frozenset[str]:
    """Languages with every rule file extraction loads, under transforms/resources/<lang>/."""
    root = resources.files("transforms.resources")
    return frozenset(
        entry.name
        for entry in root.iterdir()
        if entry.is_dir()
        and _LANGUAGE_TAG.fullmatch(entry.name)
        and all(entry.joinpath(name).is_file() for name in EXTRACTION_RESOURCES)
    )


def _agency_name(agency: str, rules: WireRules) -> str:
    return rules.agencies.get(agency.strip().lower(), agency.strip())


def _dateline_date(dateline: Dateline, dct: date | None) -> date | str | None:
    """The dateline's date; a year-less one borrows its year from the metadata DCT only.

    With no metadata date the month and day are returned as `XXXX-MM-DD` so they are kept
    without inventing a year (the wall clock is never consulted).
    """
    if dateline.month is None or dateline.day is None:
        return None
    if dateline.year is not None:
        return _safe_date(dateline.year, dateline.month, dateline.day)
    if dct is not None:
        # The year closest to the DCT: a "Dec. 31" dateline on a story published Jan. 1
        # belongs to the previous year.
        candidates = [
            candidate
            for year in (dct.year - 1, dct.year, dct.year + 1)
            if (candidate := _safe_date(year, dateline.month, dateline.day)) is not None
        ]
        if candidates:
            return min(candidates, key=lambda candidate: abs((candidate - dct).days))
        return None
    if _safe_date(2000, dateline.month, dateline.day) is None:  # 2000: Feb 29 is allowed
        return None
    return f"XXXX-{dateline.month:02d}-{dateline.day:02d}"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_published(value: str, language: str = DEFAULT_LANGUAGE) -> date | str:
    """Read a `published` value as a calendar date, or return the reason it cannot be read.

    Only complete dates are accepted: dateparser's relative-time and timestamp parsers are
    disabled and day, month and year are required, so nothing is filled in from today's date.
    Timestamps keep the calendar day as written (their offset is not converted to UTC).
    """
    text = value.strip()
    if _ISO_DATE_PREFIX.match(text):
        try:
            if len(text) <= 10:
                return date.fromisoformat(_zero_pad_iso(text))
            return datetime.fromisoformat(text).date()
        except ValueError:
            return f"published date {value!r} is not a valid calendar date"
    numeric = _NUMERIC_DATE.fullmatch(text)
    if (
        numeric
        and numeric.group(1) != numeric.group(2)
        and max(int(numeric.group(1)), int(numeric.group(2))) <= 12
    ):
        return (
            f"published date {value!r} is ambiguous (day and month could be swapped); "
            "write it as YYYY-MM-DD"
        )
    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["absolute-time"],
    }
    base_language = language.split("-")[0].split("_")[0]
    # English too: feeds in other languages often carry English or numeric metadata dates.
    languages = list(dict.fromkeys([base_language, DEFAULT_LANGUAGE]))
    try:
        parsed = dateparser.parse(text, languages=languages, settings=settings)
    except ValueError:  # a language dateparser does not know: let it detect one
        parsed = dateparser.parse(text, settings=settings)
    if parsed is None:
        return (
            f"published date {value!r} could not be read as a full date with day, month and "
            "year (for example 2025-05-09 or 9 May 2025)"
        )
    return parsed.date()


def _zero_pad_iso(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


# --------------------------------------------------------------------------------------------
# Layout: headline, byline, dateline, body, credits
# --------------------------------------------------------------------------------------------


def _line_spans(text: str) -> Iterator[Span]:
    """Non-blank lines as spans with surrounding whitespace trimmed."""
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + (len(line) - len(line.lstrip()))
            yield Span(start, start + len(stripped))
        position += len(line) + 1


def _paragraphs(text: str) -> list[list[Span]]:
    """Runs of non-blank lines; a blank (or whitespace-only) line separates paragraphs."""
    paragraphs: list[list[Span]] = []
    previous_end = -1
    for line in _line_spans(text):
        between = text[previous_end : line.start] if previous_end >= 0 else ""
        if paragraphs and between.count("\n") <= 1:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        previous_end = line.end
    return paragraphs


def analyse_layout(text: str, rules: WireRules) -> Layout:
    """Find the wire furniture around a story and the content spans facts may come from.

    Only the top (headline, byline, dateline) and the bottom (credits, slugs) are examined: the
    body is kept as written, one content span per paragraph so sentences never cross paragraphs.
    """
    paragraphs = _paragraphs(text)
    headline: str | None = None
    byline: Byline | None = None
    body_index = 0
    for index, paragraph in enumerate(paragraphs[: rules.max_leading_paragraphs]):
        line = text[paragraph[0].start : paragraph[0].end]
        is_last = index + 1 >= len(paragraphs)
        found_byline = _match_byline(line, rules) if len(paragraph) == 1 else None
        if found_byline is not None and byline is None:
            byline = found_byline
        elif index == 0 and len(paragraph) == 1 and not is_last and _is_headline(line, rules):
            headline = _MARKDOWN_HEADING.sub("", line, count=1).strip()
        else:
            break
        body_index = index + 1
    body = paragraphs[body_index:]
    if not body:
        return Layout(headline, byline, None, ())

    dateline = _match_dateline(text, body[0][0], rules)
    content_start = dateline.end if dateline else body[0][0].start
    content_end = _end_before_trailer(
        text, [line for paragraph in body for line in paragraph], rules
    )

    spans: list[Span] = []
    for paragraph in body:
        start = max(paragraph[0].start, content_start)
        end = min(paragraph[-1].end, content_end)
        span = _trimmed(text, start, end)
        if span is not None:
            spans.append(span)
    return Layout(headline, byline, dateline, tuple(spans))


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def _is_headline(line: str, rules: WireRules) -> bool:
    line = _MARKDOWN_HEADING.sub("", line, count=1).strip()
    if not line or len(line) > rules.headline_max_chars:
        return False
    if len(line.split()) > rules.headline_max_words:
        return False
    final = line.rstrip(_CLOSING_MARKS)
    if not final or final[-1] in rules.headline_final_punctuation:
        return False
    return not (_match_dateline_text(line, rules) or _is_credit_line(line, rules))


def _match_byline(line: str, rules: WireRules) -> Byline | None:
    """A "By ..." line whose rest is person names, optionally ending with an agency."""
    if len(line) > rules.byline_max_chars:
        return None
    opened = rules.byline_opener.fullmatch(line)
    if opened is None:
        return None
    names = opened.group("rest").strip()
    agency: str | None = None
    separators = list(rules.byline_separators.finditer(names))
    last_piece = names[separators[-1].end() :] if separators else names
    if last_piece.strip().lower() in rules.agencies:
        agency = last_piece.strip()
        names = names[: separators[-1].start()].strip() if separators else ""
    if not names:
        return Byline(names=None, agency=agency) if agency else None
    if not all(_looks_like_name(piece, rules) for piece in rules.byline_separators.split(names)):
        return None
    return Byline(names=names, agency=agency)


def _looks_like_name(piece: str, rules: WireRules) -> bool:
    words = piece.split()
    if not 2 <= len(words) <= 5:
        return False
    significant = [word for word in words if word.lower() not in rules.lowercase_particles]
    if not significant or not words[0][0].isupper():
        return False
    return all(
        word[0].isupper() and all(ch.isalpha() or ch in ".'’-" for ch in word)
        for word in significant
    )


def _match_dateline_text(line: str, rules: WireRules) -> re.Match[str] | None:
    """The dateline regex match, only if it carries an agency or a date (else it is prose)."""
    match = rules.dateline.match(line)
    if match is None:
        return None
    agency = match.group("agency")
    if agency is not None:
        known = agency.strip().lower() in rules.agencies
        if not known and len(agency.split()) > rules.max_unknown_agency_words:
            return None
    if agency is None and match.group("month") is None:
        return None
    return match


def _match_dateline(text: str, first_line: Span, rules: WireRules) -> Dateline | None:
    line = text[first_line.start : first_line.end]
    match = _match_dateline_text(line, rules)
    if match is None:
        return None
    place = _title_case_place(match.group("place"), rules)
    if match.group("region"):
        place = f"{place}, {match.group('region')}"
    month_name = match.group("month")
    return Dateline(
        text=match.group(0).strip(),
        place=place,
        agency=match.group("agency").strip() if match.group("agency") else None,
        month=rules.months[month_name.lower()] if month_name else None,
        day=int(match.group("day")) if match.group("day") else None,
        year=int(match.group("year")) if match.group("year") else None,
        end=first_line.start + match.end(),
    )


def _title_case_place(place: str, rules: WireRules) -> str:
    """ "RIO DE JANEIRO" -> "Rio de Janeiro", "ST. PETERSBURG" -> "St. Petersburg"."""
    words = place.split()
    return " ".join(
        word.lower() if index and word.lower() in rules.lowercase_particles else word.title()
        for index, word in enumerate(words)
    )


def _is_credit_line(line: str, rules: WireRules) -> bool:
    if len(line) > rules.credit_max_chars:
        return False
    match = rules.credit_line.match(line)
    if match is None:
        return False
    if match.group("paren"):
        return line.rstrip(" .").endswith(")")
    # Without brackets, "Reporting by the ministry showed..." is prose: credits name people.
    return match.group("first").isupper()


def _is_trailer_line(line: str, rules: WireRules) -> bool:
    return _is_credit_line(line, rules) or any(p.fullmatch(line) for p in rules.trailer_lines)


def _end_before_trailer(text: str, lines: list[Span], rules: WireRules) -> int:
    """Where the story ends: before the run of credit and slug lines at the bottom."""
    kept = len(lines)
    while kept and _is_trailer_line(text[lines[kept - 1].start : lines[kept - 1].end], rules):
        kept -= 1
    return lines[kept - 1].end if kept else lines[0].start
