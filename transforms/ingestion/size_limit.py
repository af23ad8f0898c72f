"""The one limit on how large an input file may be, and the rejection of one that is larger.

It is checked wherever a size becomes known: on the open file before a byte is read (so a 4 GB
file costs nothing), on the bytes read (the file may have grown meanwhile) and while gzip data is
expanded (a 20 kB file may hold 20 GB). Every check asks `fits`; every refusal says the same.
"""

from __future__ import annotations

from transforms.model import Rejection

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Largest file (and largest decompressed gzip content) accepted, in bytes: 20 MiB."""
TOO_LARGE = "too_large"
"""The quarantine error class of a file over the limit."""


def fits(size: int, max_bytes: int) -> bool:
    """Whether `size` bytes are within the limit (the limit itself included)."""
    return size <= max_bytes


def too_large(path: str, size: int, max_bytes: int) -> Rejection | None:
    """The rejection of a file of `size` bytes over the limit, or None when it fits."""
    if fits(size, max_bytes):
        return None
    return Rejection(
        path=path,
        reason=f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit",
        error_class=TOO_LARGE,
    )


def expands_too_large(max_bytes: int) -> str:
    """Why compressed data is refused once its expansion passes the limit (its size unknown)."""
    return f"decompresses to more than the {max_bytes:,}-byte limit on a file's size"
