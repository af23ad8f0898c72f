"""JSON and JSON Lines: each object with a "text" key is one source text, its other keys metadata.

A .json file holds one object or a list of them (numbered from 1 in rejections); a .jsonl file
holds one object per line, read line by line by `transforms.ingestion.sources` so that a bad line
rejects only itself. Every way `json.loads` can fail (syntax, nesting too deep, a number too long)
is a rejection, never an exception.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from transforms.ingestion.readers.metadata import meta_from_mapping
from transforms.model import Rejection, SourceText


def read_json(path: str, decoded: str) -> list[SourceText | Rejection]:
    """A .json file's records: one object, or a list whose bad records reject only themselves."""
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
        return [_record_from_json(path, loaded, line=None, label="the JSON object")]
    if isinstance(loaded, list):
        if not loaded:
            return [
                Rejection(path=path, reason="the JSON list has no records", error_class="empty")
            ]
        return [
            _record_from_json(path, item, line=index, label=f"record {index}")
            for index, item in enumerate(loaded, start=1)
        ]
    return [
        Rejection(
            path=path,
            reason=f"JSON must be an object or a list of objects, not {_json_type_name(loaded)}",
            error_class="bad_json",
        )
    ]


def read_json_line(path: str, text: str, line: int) -> SourceText | Rejection:
    """One line of a .jsonl file as a record."""
    loaded = _load_json(text)
    if isinstance(loaded, _JsonError):
        return Rejection(
            path=path,
            reason=f"line {line} is not valid JSON: {loaded.message_in_line}",
            error_class="bad_json",
            line=line,
        )
    return _record_from_json(path, loaded, line=line, label=f"line {line}")


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
    def rejected(reason: str, error_class: str) -> Rejection:
        return Rejection(path=path, reason=reason, error_class=error_class, line=line)

    if not isinstance(record, dict):
        return rejected(
            f'{label} is {_json_type_name(record)}, expected an object with a "text" key',
            "bad_record",
        )
    if "text" not in record:
        return rejected(f'{label} has no "text" key', "missing_text")
    text = record["text"]
    if not isinstance(text, str):
        return rejected(
            f'{label}: "text" must be a string, not {_json_type_name(text)}', "missing_text"
        )
    if not text.strip():
        return rejected(f'{label} has an empty "text"', "empty")
    meta = meta_from_mapping(record, skip=frozenset({"text"}))
    return SourceText(path=path, text=text, meta=meta, line=line)
