"""The ingestion contract: one input file's bytes in, source texts or rejections out.

`parse_source` is the one way into ingestion. It picks the format by the file's name, has the
bytes unpacked and decoded once (`transforms.ingestion.decoding`: size limit, gzip, binary
signatures, encoding policy) and hands the text to the format's reader
(`transforms.ingestion.readers`), which turns it into records. Every way an input can be
unusable ends as a `Rejection` with an `error_class`, never as an exception, and a bad record
rejects only itself: one broken line in a large .jsonl file does not cost the rest of the file.
The records are cleaned into documents by `transforms.ingestion.documents.clean`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from transforms.ingestion.compressed import GZIP_SUFFIX
from transforms.ingestion.decoding import decode_lines, decode_text, unpack
from transforms.ingestion.readers.feeds import FEED_SUFFIXES, parse_feed
from transforms.ingestion.readers.html import parse_html_article
from transforms.ingestion.readers.json import read_json, read_json_line
from transforms.ingestion.readers.text import read_text
from transforms.ingestion.size_limit import DEFAULT_MAX_BYTES
from transforms.model import Rejection, SourceText

Records = list[SourceText | Rejection]


@dataclass(frozen=True)
class WholeFile:
    """A format read from the whole decoded text: `read(path, text)` gives its records."""

    read: Callable[[str, str], Records]
    declares_charset: bool = False  # the file may name its charset (HTML <meta>, XML declaration)


@dataclass(frozen=True)
class RecordPerLine:
    """A format with one record per line: `read(path, line_text, line_number)` reads one.

    Blank lines are skipped; a line that cannot be decoded or read rejects only itself.
    """

    read: Callable[[str, str, int], SourceText | Rejection]


def _one_record(
    read: Callable[[str, str], SourceText | Rejection],
) -> Callable[[str, str], Records]:
    """A reader of files that hold one record, as a reader of files."""
    return lambda path, text: [read(path, text)]


FORMATS: dict[str, WholeFile | RecordPerLine] = {
    ".txt": WholeFile(_one_record(read_text)),
    ".md": WholeFile(_one_record(read_text)),
    ".json": WholeFile(read_json),
    ".jsonl": RecordPerLine(read_json_line),
    **{
        suffix: WholeFile(_one_record(parse_html_article), declares_charset=True)
        for suffix in (".html", ".htm", ".xhtml")
    },
    **{suffix: WholeFile(parse_feed, declares_charset=True) for suffix in sorted(FEED_SUFFIXES)},
}
"""The reader of each file extension (lower case, with the dot)."""
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(FORMATS)
"""File extensions `parse_source` understands, each also gzipped (`.txt.gz`); see
`format_suffix`."""


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
    return format_suffix(path)[0] in FORMATS


def parse_source(path: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Records:
    """Split one input file into source texts, rejecting (not raising on) anything unusable."""
    suffix, gzipped = format_suffix(path)
    reader = FORMATS.get(suffix)
    if reader is None:
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
    unpacked = unpack(path, data, suffix=suffix, gzipped=gzipped, max_bytes=max_bytes)
    if isinstance(unpacked, Rejection):
        return [unpacked]
    if isinstance(reader, RecordPerLine):
        return _records_by_line(path, unpacked, reader)
    decoded = decode_text(path, unpacked, declares_charset=reader.declares_charset)
    if isinstance(decoded, Rejection):
        return [decoded]
    return [with_encoding(item, decoded.encoding) for item in reader.read(path, decoded.text)]


def with_encoding(item: SourceText | Rejection, encoding: str) -> SourceText | Rejection:
    """Note a legacy encoding in the metadata, so a reader can tell how the text was read."""
    if isinstance(item, Rejection) or encoding in ("utf-8", "ascii"):
        return item
    return SourceText(
        path=item.path,
        text=item.text,
        meta={"encoding": encoding, **item.meta},
        line=item.line,
    )


def _records_by_line(path: str, data: bytes, reader: RecordPerLine) -> Records:
    records: Records = []
    for number, line in enumerate(decode_lines(path, data), start=1):
        if isinstance(line, Rejection):
            records.append(line)
            continue
        text = line.text.rstrip("\r")
        if not text.strip():
            continue
        records.append(with_encoding(reader.read(path, text, number), line.encoding))
    if not records:
        return [Rejection(path=path, reason="the file has no records", error_class="empty")]
    return records
