"""Smaller chart pictures, looking the same.

* PNG, losslessly: vl-convert deflates its PNGs for speed (a page of text comes out at
  about 3.5 bits a pixel); deflating the same scanlines again at the highest level makes
  them about three times smaller, pixel for pixel the same image.
* SVG: Vega writes coordinates with every digit of a double ("148.77002583979328"); a
  hundredth of a pixel is finer than any screen draws, and rounding the numbers of the
  geometry attributes (never of the text) halves a chart of a few thousand marks.
"""

from __future__ import annotations

import re
import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file")
    chunks, position = [], len(SIGNATURE)
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunks.append((kind, data[position + 8 : position + 8 + length]))
        position += 12 + length
    return chunks


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def smaller_png(data: bytes) -> bytes:
    """The same PNG with its image data deflated at level 9 into one IDAT chunk (or the
    input, when that is not smaller)."""
    chunks = _chunks(data)
    scanlines = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    packed = zlib.compress(scanlines, 9)
    out, wrote_data = [SIGNATURE], False
    for kind, body in chunks:
        if kind == b"IDAT":
            if not wrote_data:
                out.append(_chunk(b"IDAT", packed))
                wrote_data = True
            continue
        out.append(_chunk(kind, body))
    smaller = b"".join(out)
    return smaller if len(smaller) < len(data) else data


# Attributes that hold geometry: path data, transforms, positions and sizes.
_GEOMETRY = re.compile(r'(\s(?:d|transform|x|y|x1|y1|x2|y2|width|height|points)=")([^"]*)"')
_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}(?:e-?\d+)?")


def _rounded(match: re.Match[str]) -> str:
    value = round(float(match.group(0)), 2)
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


def smaller_svg(svg: str) -> str:
    """The SVG with the numbers of its geometry rounded to hundredths of a pixel."""
    return _GEOMETRY.sub(
        lambda attribute: attribute.group(1) + _LONG_NUMBER.sub(_rounded, attribute.group(2)) + '"',
        svg,
    )
