"""A file's bytes to text, once: size, gzip, binary signatures, then the one encoding policy.

Every format goes through here before its reader sees a character, so an encoding, a compressed
file or a PDF named `.txt` is handled the same way whatever the file claims to be. The policy
itself (byte-order marks, UTF-8, declared and legacy encodings) is `transforms.ingestion.encoding`;
the gzip ceiling is `transforms.ingestion.compressed`; the size limit is
`transforms.ingestion.size_limit`.
"""

from __future__ import annotations

from transforms.ingestion import encoding
from transforms.ingestion.compressed import GzipFailure, gunzip, is_gzip
from transforms.ingestion.size_limit import too_large
from transforms.model import Rejection


def unpack(
    path: str, data: bytes, *, suffix: str, gzipped: bool, max_bytes: int
) -> bytes | Rejection:
    """The bytes a reader is to read: within the size limit, expanded if gzipped, not binary.

    Gzipped content (by name or by signature) is expanded up to `max_bytes`; binary files are
    refused by signature before any decoding is attempted.
    """
    refused = too_large(path, len(data), max_bytes)
    if refused is not None:
        return refused
    if gzipped or is_gzip(data):
        expanded = gunzip(data, max_bytes)
        if isinstance(expanded, GzipFailure):
            return Rejection(path=path, reason=expanded.reason, error_class=expanded.error_class)
        data = expanded.data
        if is_gzip(data):
            return Rejection(
                path=path,
                reason="gzip data inside gzip data; expand it to one level of compression",
                error_class="bad_gzip",
            )
    kind = encoding.binary_kind(data)
    if kind is not None:
        return Rejection(
            path=path,
            reason=f"the file is {kind}, not a {suffix} text file",
            error_class="binary",
        )
    return data


def decode_text(
    path: str, data: bytes, *, declares_charset: bool = False
) -> encoding.Decoded | Rejection:
    """The whole file's text, or why it is not text.

    `declares_charset`: the format can name its own charset (an HTML ``<meta>``, an XML
    declaration), which is then tried before guessing a legacy encoding.
    """
    declared = encoding.declared_charset(data) if declares_charset else None
    decoded = encoding.decode(data, declared)
    if isinstance(decoded, encoding.Undecodable):
        return Rejection(path=path, reason=decoded.reason, error_class=decoded.error_class)
    return decoded


def decode_lines(path: str, data: bytes) -> list[encoding.Decoded | Rejection]:
    """A line-per-record file's lines, each text or the rejection of that line alone.

    The file's encoding is decided for the whole file when it can be. A file that is UTF-8
    except for some damaged lines (or lines with NUL bytes) is read line by line instead, so
    only those lines are lost.
    """
    whole = encoding.decode(data)
    if isinstance(whole, encoding.Decoded):
        return [encoding.Decoded(line, whole.encoding) for line in whole.text.split("\n")]
    lines: list[encoding.Decoded | Rejection] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        line = encoding.decode_utf8_line(raw)
        if isinstance(line, encoding.Undecodable):
            lines.append(
                Rejection(
                    path=path,
                    reason=f"line {number} is {line.reason}"
                    if line.error_class == "decode_error"
                    else f"line {number} {line.reason}",
                    error_class=line.error_class,
                    line=number,
                )
            )
        else:
            lines.append(line)
    return lines
