"""Strings every later stage can store: no lone surrogates, file names that are text.

Python strings can hold what no encoder accepts: a lone surrogate (`"\\udc80"`, from a JSON
escape like `\\udc80` or a JSON-LD block in a page) or a file name's undecodable bytes
(`caf\\xe9.txt` on a UTF-8 system reads as `"caf\\udce9.txt"`). Such a string fails only much
later, when a hash, Parquet or DuckDB encodes it, and then it fails the whole batch and every
re-run. So strings are made storable where they enter the pipeline: `parse_source` passes
every record through `storable_record`, and file names become text by `storable_path`.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace

from transforms.model import Rejection, SourceText

REPLACEMENT = "\ufffd"
_PAIR = re.compile("([\ud800-\udbff])([\udc00-\udfff])")
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """`text` with surrogate pairs joined into the character they encode and every lone
    surrogate replaced by U+FFFD (as a decoder replaces bytes it cannot read)."""
    if not _SURROGATE.search(text):
        return text
    joined = _PAIR.sub(lambda m: _join_pair(m.group(1), m.group(2)), text)
    return _SURROGATE.sub(REPLACEMENT, joined)


def _join_pair(high: str, low: str) -> str:
    return chr(0x10000 + ((ord(high) - 0xD800) << 10) + (ord(low) - 0xDC00))


def storable_path(path: str | os.PathLike[str]) -> str:
    """A file name as text: its bytes read as UTF-8, any byte that is not shown as `\\xe9`.

    The file is still opened by its real name; this is the name recorded and shown.
    """
    raw = os.fsencode(path)
    return storable(raw.decode("utf-8", "backslashreplace"))


def storable_record(record: SourceText | Rejection) -> SourceText | Rejection:
    """A reader's record with every string storable; a repaired text says so in its
    metadata (`repaired`), so the change is never silent."""
    if isinstance(record, Rejection):
        return replace(record, path=storable(record.path), reason=storable(record.reason))
    text = storable(record.text)
    meta = {storable(key): storable(value) for key, value in record.meta.items()}
    if text != record.text:
        replaced = sum(1 for char in text if char == REPLACEMENT) - record.text.count(REPLACEMENT)
        meta["repaired"] = f"{replaced} lone surrogate(s) in the text replaced by U+FFFD"
    if text == record.text and meta == record.meta and storable(record.path) == record.path:
        return record
    return replace(record, path=storable(record.path), text=text, meta=meta)
