"""Bytes to text: byte-order marks, UTF-8, declared and legacy encodings, and binary sniffing.

News files arrive in whatever encoding their source used. The order of the checks is chosen so
that a file is never silently turned into mojibake:

1. a byte-order mark is authoritative (UTF-8, UTF-16, UTF-32);
2. NUL bytes mean UTF-16 without a mark (if they sit where UTF-16 puts them) or not text at all;
3. valid UTF-8 is UTF-8: legacy single-byte text almost never happens to be valid UTF-8;
4. a file that is partly valid multi-byte UTF-8 and partly not is *broken* UTF-8, not a legacy
   file, so it is rejected instead of being guessed as cp1252 (which would garble its good part);
5. a charset declared inside the file (HTML ``<meta charset>``, XML declaration) is tried;
6. Windows-1252 is tried next and kept when the result reads as text: short news snippets such
   as "Zürich" decode identically under a dozen single-byte code pages, and detectors pick one
   of them essentially at random, while cp1252 (of which latin-1's printable range is a subset)
   is by far the most common legacy encoding of Western news text;
7. otherwise charset-normalizer's best guess among single-byte and multi-byte legacy encodings
   (Cyrillic, Greek, Shift-JIS...) is used if it reads as text, else the file is rejected.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

# How much "mess" (charset-normalizer's measure of implausible character sequences, 0 = clean
# text) a decoding may show and still count as text. Mojibake from a wrong code page scores
# around 1.0; real text scores 0-0.07 in our samples.
MAX_MESS = 0.2
# The mess ratio is measured on at most this many characters: it is a per-character Python
# loop, and the start of a file is representative of its encoding.
MESS_SAMPLE_CHARS = 100_000

# File signatures of binary formats people drop into input folders by mistake, with the name a
# user will recognise in the quarantine reason. Gzip is not here: it is decompressed, not refused.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a zip archive (or a zip-based office document)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office document"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (b"BZh91AY&SY", "a bzip2 archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# Labels that mean Windows-1252 in practice (the WHATWG Encoding Standard maps them so):
# documents labelled latin-1 or ASCII are nearly always cp1252, curly quotes and all.
_CP1252_LABELS = frozenset(
    {"latin1", "latin-1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1", "us-ascii", "ascii"}
)
# Declared encodings never honoured: UTF-7 smuggles markup past filters, and the UTF-16/32
# family cannot be declared from inside an ASCII-compatible byte stream.
_REFUSED_DECLARED = frozenset({"utf-7", "utf-16", "utf-16-le", "utf-16-be", "utf-32"})
_REFUSED_DECLARED_CODECS = frozenset(
    {"utf_7", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"}
)

_XML_DECLARED = re.compile(
    rb"""\A\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})"""
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# The WHATWG prescan looks at the first 1024 bytes; real pages put a long <head> first.
_META_PRESCAN_BYTES = 8192


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the codec that produced it (kept in document metadata)."""

    text: str
    encoding: str


@dataclass(frozen=True)
class Undecodable:
    """Why bytes are not text; `error_class` is the quarantine error class."""

    reason: str
    error_class: str


def binary_kind(data: bytes) -> str | None:
    """Name the binary format `data` starts with, if it is one we recognise."""
    for signature, name in BINARY_SIGNATURES:
        if data.startswith(signature):
            return name
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an XML declaration or an HTML ``<meta>`` names, as written (lower case)."""
    match = _XML_DECLARED.match(data) or _META_CHARSET.search(data[:_META_PRESCAN_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def decode(data: bytes, declared: str | None = None) -> Decoded | Undecodable:
    """Decode a file's bytes to text, or say why they are not text (see the module docstring)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data[len(bom) :], codec, f"starts with a {name} byte-order mark")
    if b"\x00" in data:
        return _decode_nul_bytes(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    if _has_multibyte_utf8(data):
        bad = data[utf8_error.start]
        return Undecodable(
            f"not valid UTF-8 (byte 0x{bad:02x} at offset {utf8_error.start}) although other "
            "parts of it are UTF-8; the file is damaged or mixes encodings",
            "decode_error",
        )
    codec = _usable_declared_codec(declared) if declared else None
    if codec is not None:
        try:
            return Decoded(data.decode(codec), codec)
        except UnicodeDecodeError:
            pass  # the declaration is wrong; fall through to detection
    try:
        legacy = data.decode("cp1252")
    except UnicodeDecodeError:
        legacy = None
    if legacy is not None and _reads_as_text(legacy):
        return Decoded(legacy, "cp1252")
    guess = from_bytes(data, cp_exclusion=sorted(_REFUSED_DECLARED_CODECS)).best()
    if guess is not None and guess.chaos <= MAX_MESS and _reads_as_text(str(guess)):
        return Decoded(str(guess), guess.encoding)
    bad = data[utf8_error.start]
    return Undecodable(
        f"not valid UTF-8 (byte 0x{bad:02x} at offset {utf8_error.start}) and no legacy "
        "encoding reads as text; save the file as UTF-8",
        "decode_error",
    )


def decode_utf8_line(data: bytes) -> Decoded | Undecodable:
    """Strict UTF-8 for one line of a file already known to be UTF-8 with damaged lines."""
    if b"\x00" in data:
        return _nul_rejection(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        return Undecodable(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
            "decode_error",
        )


def _decode_strict(data: bytes, codec: str, why: str) -> Decoded | Undecodable:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        return Undecodable(
            f"{why} but is not valid {codec} (offset {error.start}: {error.reason})",
            "decode_error",
        )
    if "\x00" in text:
        return Undecodable(f"{why} but its text contains NUL characters", "nul_bytes")
    return Decoded(text, codec)


def _decode_nul_bytes(data: bytes) -> Decoded | Undecodable:
    """UTF-16 without a byte-order mark, recognised by where its NUL bytes sit, or not text.

    Latin-script UTF-16 has a NUL in every other byte: the high byte of each ASCII character.
    Anything else with NUL bytes (a binary file, a text file with stray NULs) is refused.
    """
    if len(data) % 2 == 0 and len(data) >= 4:
        pairs = len(data) // 2
        odd_zeros = data[1::2].count(0)
        even_zeros = data[0::2].count(0)
        codec = None
        if odd_zeros >= pairs * 0.3 and even_zeros == 0:
            codec = "utf-16-le"
        elif even_zeros >= pairs * 0.3 and odd_zeros == 0:
            codec = "utf-16-be"
        if codec is not None:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                text = None
            if text is not None and "\x00" not in text and _reads_as_text(text):
                return Decoded(text, codec)
    return _nul_rejection(data)


def _nul_rejection(data: bytes) -> Undecodable:
    return Undecodable(
        f"contains NUL bytes (the first at offset {data.index(0)}), so it is a binary or "
        "damaged file, not text",
        "nul_bytes",
    )


def _has_multibyte_utf8(data: bytes) -> bool:
    """True when some non-ASCII bytes form valid UTF-8 sequences (so the file means UTF-8)."""
    return _NON_ASCII.search(data.decode("utf-8", errors="ignore")) is not None


def _usable_declared_codec(label: str) -> str | None:
    label = label.strip().lower()
    if label in _CP1252_LABELS:
        return "cp1252"
    if label in _REFUSED_DECLARED:
        return None
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # Only real text encodings: codecs such as rot13 or base64 are transforms, not charsets.
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED_DECLARED_CODECS:
        return None
    return info.name


def _reads_as_text(text: str) -> bool:
    """No C0/C1 control characters besides whitespace, and little mess (see MAX_MESS)."""
    sample = text[:MESS_SAMPLE_CHARS]
    if any((ord(ch) < 0x20 and ch not in "\t\n\r\f\v") or 0x7F <= ord(ch) <= 0x9F for ch in sample):
        return False
    return mess_ratio(sample, MAX_MESS) <= MAX_MESS
