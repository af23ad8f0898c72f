"""Text from input files, made safe to print on a terminal.

File names, titles and sentences come from whoever wrote the input: an escape sequence in
a file name would otherwise move the cursor, recolour or retitle the user's terminal, and
a bidirectional override would make a name read differently from what it is. Every line
the `chronicle` command and the flows' logs print with such text goes through `printable`.
"""

from __future__ import annotations

import re

# C0 and C1 control characters (newline and tab included: each message is one line), the
# bidirectional embeddings, overrides and isolates, and lone surrogates (an undecodable
# byte of a file name, as Python's surrogateescape hands it over).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: object) -> str:
    """`text` as one line with every unsafe character spelled out as an escape."""
    return _UNSAFE.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the byte the name really holds
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
