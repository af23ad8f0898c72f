"""Pre-tokenized corpora back to text: which token is followed by a space.

TimeML, MEANTIME's CAT files and Timeline17 give text as Penn-Treebank-style tokens
("Apple 's", "2010 ,", "`` old ''", "is n't"); the extractor reads ordinary text, so every
adapter glues the tokens by this one rule before extracting.
"""

from __future__ import annotations

from collections.abc import Sequence

# Tokens glued to the previous one ("Apple 's", "2010 ,", "is n't").
NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "'s", "’s", "'", "n't", "'re",
     "'ve", "'ll", "'d", "'m", "'S", "N'T", "'RE", "'VE", "'LL", "'D", "'M"}
)  # fmt: skip
# Tokens glued to the next one ("$ 5", "( DEA").
NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "#"})
OPENING_QUOTES = frozenset({"``", "`", "“"})
CLOSING_QUOTES = frozenset({"''", "”"})
QUOTES = frozenset({'"'}) | OPENING_QUOTES | CLOSING_QUOTES


def spaces_after(words: Sequence[str], starts: Sequence[bool]) -> list[bool]:
    """Whether each token is followed by a space (`starts[i]`: token i begins a sentence).

    An opening quote (``` `` ```) is glued to the next token and a closing one (`''`) to the
    previous; a straight quote alternates between the two. Every token at a sentence end
    is followed by a space.
    """
    out = [True] * len(words)
    quote_open = False
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        if word in QUOTES:
            quote_open = word in OPENING_QUOTES or (word == '"' and not quote_open)
        if nxt is None or starts[i + 1]:
            continue
        if (word in QUOTES and quote_open) or word in NO_SPACE_AFTER:
            out[i] = False
        closes = nxt in CLOSING_QUOTES or (nxt == '"' and quote_open)
        if nxt in NO_SPACE_BEFORE or (closes and word not in OPENING_QUOTES):
            out[i] = False
    return out
