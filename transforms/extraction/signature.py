"""A document's near-duplicate signature: the last extraction stage, and the only place a
signature is computed (deduplication compares them, the warehouse stores them).

The same wire story reaches the input as copies that differ in headline, byline, ad lines,
"related stories" and the paragraphs an outlet cut. To find them later without comparing
texts, every document is summarised here: its content (wire furniture excluded) is cut into
overlapping word 5-grams ("shingles"), and MinHash turns the shingle set into a fixed-size
signature (128 values) whose agreement with another estimates the Jaccard similarity of
the two sets (`transforms/deduplication/near_duplicates.py`).

Everything is deterministic: shingles are hashed with BLAKE2b (not Python's per-process
salted `hash`) and the 128 hash functions are multiply-shift hashes (`(a*x + b) mod 2^64`,
top 61 bits) with constants drawn from a keyed BLAKE2b, so a signature computed today
equals one computed next year and signatures can be stored and compared across runs. The
multiply-shift family runs as one vectorised numpy expression, which keeps signing a
document at a small fraction of the cost of parsing it. It lives in extraction so that the
extractor version covers it: a change here re-signs (re-extracts) every stored document.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

from transforms.model import Document, Signature

SHINGLE_WORDS = 5
NUM_HASHES = 128

_EMPTY = 1 << 61  # the minimum over no shingles: larger than any real hash value (< 2^61)
_WORD = re.compile(r"\w+")
_SEED = b"chronicle-near-duplicates-v1"


def _hash_family() -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) constants of the 128 hash functions, from a fixed seed (never random);
    `a` is odd, as multiply-shift hashing needs."""
    a_values, b_values = [], []
    for index in range(NUM_HASHES):
        digest = hashlib.blake2b(index.to_bytes(4, "big"), key=_SEED, digest_size=16).digest()
        a_values.append(int.from_bytes(digest[:8], "big") | 1)
        b_values.append(int.from_bytes(digest[8:], "big"))
    return (
        np.array(a_values, dtype=np.uint64).reshape(-1, 1),
        np.array(b_values, dtype=np.uint64).reshape(-1, 1),
    )


_A, _B = _hash_family()


def words(text: str) -> list[str]:
    """Case- and compatibility-folded word tokens: what shingles are made of.

    Punctuation, spacing and typography (curly vs straight quotes, ligatures) differ between
    outlets' copies of one story and are ignored.
    """
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of overlapping word n-grams; a text shorter than `size` words is one shingle."""
    tokens = words(text)
    if not tokens:
        return set()
    if len(tokens) < size:
        return {" ".join(tokens)}
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def signature(text: str) -> Signature:
    """The MinHash signature of a text (see the module docstring)."""
    hashed = np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")
            for s in shingles(text)
        ),
        dtype=np.uint64,
    )
    if not hashed.size:
        return Signature(tuple([_EMPTY] * NUM_HASHES), 0)
    with np.errstate(over="ignore"):  # wrapping modulo 2^64 is the hash
        values = (_A * hashed.reshape(1, -1) + _B) >> np.uint64(3)
    return Signature(tuple(int(v) for v in values.min(axis=1)), int(hashed.size))


def document_text(document: Document) -> str:
    """The text a document is compared on: its content spans only.

    Headlines, bylines, datelines and credit lines are exactly what differs between
    syndicated copies, so they are left out.
    """
    return "\n".join(document.text[span.start : span.end] for span in document.content)


def document_signature(document: Document) -> Signature:
    """The one way a document is signed: by extraction, and by the warehouse only for
    documents that reached it unsigned (an `Extraction` built without one, or a document
    stored before signatures were)."""
    return signature(document_text(document))
