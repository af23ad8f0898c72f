"""Gzip decompression with a ceiling, so a small hostile file cannot fill memory.

A 20 MB size limit on files means little if a 20 kB gzip file expands to 20 GB, so the limit
(`transforms.ingestion.size_limit`) applies to the decompressed bytes too: decompression stops as
soon as it is exceeded.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from transforms.ingestion.size_limit import TOO_LARGE, expands_too_large, fits

GZIP_MAGIC = b"\x1f\x8b"
GZIP_SUFFIX = ".gz"
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Gunzipped:
    data: bytes


@dataclass(frozen=True)
class GzipFailure:
    """Why a gzip file could not be expanded; `error_class` is the quarantine error class."""

    reason: str
    error_class: str


def is_gzip(data: bytes) -> bool:
    return data.startswith(GZIP_MAGIC)


def gunzip(data: bytes, max_bytes: int) -> Gunzipped | GzipFailure:
    """Expand every member of a gzip stream, refusing output larger than `max_bytes`."""
    if not is_gzip(data):
        return GzipFailure("named .gz but is not gzip data (no gzip signature)", "bad_gzip")
    output = bytearray()
    remaining = data
    while remaining:
        # 16 + MAX_WBITS: expect a gzip header and trailer (checksum and length are verified).
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = remaining
        try:
            while not inflater.eof:
                budget = max_bytes - len(output) + 1
                chunk = inflater.decompress(pending, min(budget, _CHUNK))
                output += chunk
                if not fits(len(output), max_bytes):
                    return GzipFailure(expands_too_large(max_bytes), TOO_LARGE)
                pending = inflater.unconsumed_tail
                if not chunk and not pending and not inflater.eof:
                    return GzipFailure(
                        "the gzip data is truncated (the file ends in the middle of the stream)",
                        "bad_gzip",
                    )
        except zlib.error as error:
            return GzipFailure(f"the gzip data is corrupt: {error}", "bad_gzip")
        remaining = inflater.unused_data.lstrip(b"\x00")  # members may be zero-padded
        if remaining and not is_gzip(remaining):
            return GzipFailure("trailing bytes after the gzip data are not gzip", "bad_gzip")
    return Gunzipped(bytes(output))
