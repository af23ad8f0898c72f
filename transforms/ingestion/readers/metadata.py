"""Metadata as every reader hands it on: a flat mapping of strings.

Front matter and JSON records carry values of any type (numbers, dates, lists, nested objects);
downstream only strings are kept, so the readers share one way of writing each value down.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any


def meta_from_mapping(
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
