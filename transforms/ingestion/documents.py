"""Input files in, cleaned documents out: the ingestion contract, text and JSON readers, clean.

Everything here is a pure function of its arguments. The flow discovers files, reads their bytes
and passes them in, so these rules are testable without a filesystem, a clock or a database.
`clean` leaves the wire-copy rules to `wire` and `layout`, the language to `language` and the
document creation time to `dct`, which never reads the wall clock.

Formats: plain text and Markdown (optional YAML front matter), JSON and JSON Lines, HTML
article pages and RSS/Atom feeds (readers in `transforms/ingestion/readers/`), each optionally
gzipped. Every file goes through one encoding policy (`transforms.ingestion.encoding`), binary
files are refused by signature, and every way an input can be unusable ends as a `Rejection`
with an `error_class`, never as an exception.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml

from transforms.ingestion.compressed import GZIP_SUFFIX, GzipFailure, gunzip, is_gzip
from transforms.ingestion.dct import dateline_date, published_date
from transforms.ingestion.encoding import (
    Decoded,
    Undecodable,
    binary_kind,
    declared_charset,
    decode,
    decode_utf8_line,
)
from transforms.ingestion.identity import document_id, normalise_text
from transforms.ingestion.language import document_language
from transforms.ingestion.layout import analyse_layout
from transforms.ingestion.readers.feeds import FEED_SUFFIXES, parse_feed
from transforms.ingestion.readers.html import parse_html_article
from transforms.ingestion.size_limit import DEFAULT_MAX_BYTES, too_large
from transforms.ingestion.wire import agency_name, wire_rules
from transforms.model import DctBasis, Document, Rejection, SourceText

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

_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*(?:\r\n|\n|\r)")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)", re.MULTILINE)


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
# Cleaning: source text -> document
# --------------------------------------------------------------------------------------------


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
    language = document_language(given["language"])
    if isinstance(language, str) and given["language"] and language != given["language"]:
        meta["language_tag"] = given["language"]  # "en-GB" as written; the document is "en"
    if isinstance(language, Rejection):
        return _rejected(source, language.reason, language.error_class)
    rules = wire_rules(language)
    layout = analyse_layout(text, rules)
    if not layout.content:
        return _rejected(
            source,
            "nothing left to extract: once the headline, byline, dateline and credit lines "
            "are set aside the text is empty",
            "no_content",
        )

    dct: date | None = None
    dct_basis: DctBasis = "none"
    if given["published"]:
        published = published_date(given["published"], language, rules.published_years)
        if isinstance(published, str):
            return _rejected(source, published, "bad_published")
        dct, dct_basis = published, "metadata"
        meta["published"] = given["published"]

    dateline = layout.dateline
    if dateline is not None:
        meta["dateline"] = dateline.text
        on_dateline = dateline_date(dateline, dct, rules.published_years)
        if isinstance(on_dateline, date):
            meta["dateline_date"] = on_dateline.isoformat()
            if dct is None:
                dct, dct_basis = on_dateline, "dateline"
        elif on_dateline is not None:
            meta["dateline_date"] = on_dateline
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
