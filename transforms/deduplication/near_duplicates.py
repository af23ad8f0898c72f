"""Near-duplicate articles (syndicated copies of one story) found by shingling and MinHash.

The same wire story reaches the input many times: verbatim (same text, same doc id, handled in
ingestion) and as copies that differ in headline, byline, ad lines, "related stories" and the
paragraphs an outlet cut. Counting each copy's events would inflate every chart, so copies are
linked into one *story group*.

How: every document carries a MinHash signature of its content's word 5-grams, computed
at extraction (`transforms/extraction/signature.py`, the one place a signature is made);
the agreement of two signatures estimates the Jaccard similarity of the two shingle sets.
Locality-sensitive hashing (LSH) over bands of the signature finds candidate pairs without
comparing every pair, and each candidate is then checked with the rule below.

A bucket (the documents sharing one band) can be huge: 20,000 reports written from one
template share their template's shingles, so all of them share most bands, and pairing
every member of a bucket with every other was quadratic in the number of documents. So
within a bucket each document is compared only with its `WINDOW` neighbours, the bucket
sorted by the signature's rows that follow the band (as an LSH forest orders them: the
longer the prefix two signatures share, the closer they sit, and the more alike they
are). A bucket of at most `WINDOW` + 1 documents is still compared pair by pair, and a
true copy shares about 64 × J² of the 64 bands with its original (16 at J = 0.5, 31 at
J = 0.7), each a chance to sit next to it. The work is at most 64 × `WINDOW` comparisons
per document, done as array operations over the signatures (`SignatureMatrix`).

Two documents are near-duplicates when either
- their estimated Jaccard similarity is at least `JACCARD_THRESHOLD` (0.5), or
- the smaller is mostly contained in the larger (`CONTAINMENT_THRESHOLD`, 0.8), which catches
  an outlet that ran only the first paragraphs of a long story; containment is estimated
  only when the smaller document has `MIN_SHINGLES_FOR_CONTAINMENT` shingles, since a short
  brief is "contained" in any long story that quotes it.

Why 0.5: copies of one wire story with different boilerplate share most 5-grams (0.7-0.95 in
our tests), while independently written stories about the same event share only quotes and
names (below 0.15). With 128 hash functions the estimate's standard error at 0.5 is about
0.044, so 0.5 lies several errors away from both populations.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from transforms.deduplication.components import groups_from_pairs
from transforms.extraction.signature import NUM_HASHES
from transforms.model import Signature

BAND_ROWS = 2  # 64 bands of 2 rows: a pair at Jaccard 0.3 becomes a candidate with p > 0.99
JACCARD_THRESHOLD = 0.5
CONTAINMENT_THRESHOLD = 0.8
MIN_SHINGLES_FOR_CONTAINMENT = 40
WINDOW = 4  # neighbours each document is compared with in a bucket
ORDER_ROWS = 6  # rows after a band that order its bucket
_PAIRS_AT_ONCE = 20_000  # pairs checked per array operation (memory: 4 KB per pair)


@dataclass(frozen=True)
class SignatureMatrix:
    """Signatures as arrays: row i is document `doc_ids[i]`, its 128 minhashes and its
    shingle count. Documents are in doc_id order, so every result is independent of the
    order they arrived in."""

    doc_ids: tuple[str, ...]
    minhashes: np.ndarray  # (documents, NUM_HASHES) int64
    shingles: np.ndarray  # (documents,) int64

    @classmethod
    def of(cls, signatures: Mapping[str, Signature]) -> SignatureMatrix:
        doc_ids = tuple(sorted(signatures))
        return cls.from_columns(
            doc_ids,
            np.array([signatures[d].minhashes for d in doc_ids], dtype=np.int64).reshape(
                -1, NUM_HASHES
            ),
            np.array([signatures[d].shingles for d in doc_ids], dtype=np.int64),
        )

    @classmethod
    def from_columns(
        cls, doc_ids: Iterable[str], minhashes: np.ndarray, shingles: np.ndarray
    ) -> SignatureMatrix:
        """From columns already in doc_id order (as the warehouse reads them)."""
        ids = tuple(doc_ids)
        if list(ids) != sorted(ids) or len(set(ids)) != len(ids):
            raise ValueError("signature rows must be in doc_id order, each document once")
        return cls(ids, np.asarray(minhashes, dtype=np.int64), np.asarray(shingles, np.int64))


def near_duplicate_mask(
    first: tuple[np.ndarray, np.ndarray], second: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The linking rule of the module docstring over pairs of signatures, and the
    estimated Jaccard similarity of each pair.

    `first` and `second` are (minhashes, shingles) arrays of the pairs' two sides.
    """
    jaccard, contained, smaller = _estimates(first, second)
    linked = (jaccard >= JACCARD_THRESHOLD) | (
        (smaller >= MIN_SHINGLES_FOR_CONTAINMENT) & (contained >= CONTAINMENT_THRESHOLD)
    )
    return linked, jaccard


def _estimates(
    first: tuple[np.ndarray, np.ndarray], second: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair: the estimated Jaccard similarity (0 when either side is empty), the
    estimated share of the smaller side's shingles in the other, and the smaller size.

    The share is |A ∩ B| / min(|A|, |B|), with |A ∩ B| = J (|A| + |B|) / (1 + J).
    """
    (minhashes_a, shingles_a), (minhashes_b, shingles_b) = first, second
    agree = (minhashes_a == minhashes_b).sum(axis=1)
    jaccard = np.where((shingles_a > 0) & (shingles_b > 0), agree / NUM_HASHES, 0.0)
    smaller = np.minimum(shingles_a, shingles_b)
    common = jaccard * (shingles_a + shingles_b) / (1 + jaccard)
    return jaccard, np.minimum(1.0, common / np.maximum(smaller, 1)), smaller


def _sides(a: Signature, b: Signature) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    return tuple(
        (np.array([sig.minhashes], dtype=np.int64), np.array([sig.shingles])) for sig in (a, b)
    )


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0 when either is empty)."""
    return float(_estimates(*_sides(a, b))[0][0])


def containment(a: Signature, b: Signature) -> float:
    """Estimated share of the smaller document's shingles found in the larger one."""
    return float(_estimates(*_sides(a, b))[1][0])


def is_near_duplicate(a: Signature, b: Signature) -> bool:
    """The linking rule of the module docstring, for one pair."""
    return bool(near_duplicate_mask(*_sides(a, b))[0][0])


def band_keys(sig: Signature) -> tuple[str, ...]:
    """LSH bucket keys, one per band: documents sharing any key are candidate duplicates.

    Stable strings ("band:hex digest"), stored beside each signature (`document_bands`).
    An empty signature has none.
    """
    if not sig.shingles:
        return ()
    keys = []
    for band, start in enumerate(range(0, NUM_HASHES, BAND_ROWS)):
        rows = sig.minhashes[start : start + BAND_ROWS]
        payload = b"".join(value.to_bytes(8, "big") for value in rows)
        keys.append(f"{band}:{hashlib.blake2b(payload, digest_size=8).hexdigest()}")
    return tuple(keys)


def candidate_pairs(matrix: SignatureMatrix) -> np.ndarray:
    """Row pairs (i < j, each once, sorted) sharing a band and sitting within `WINDOW` of
    each other in that band's bucket, ordered by the rows after the band."""
    signed = np.flatnonzero(matrix.shingles > 0)
    if len(signed) < 2:
        return np.empty((0, 2), dtype=np.int64)
    rows = matrix.minhashes[signed]
    wrapped = np.concatenate([rows, rows[:, : BAND_ROWS + ORDER_ROWS]], axis=1)
    found = []
    for start in range(0, NUM_HASHES, BAND_ROWS):
        key = wrapped[:, start : start + BAND_ROWS + ORDER_ROWS]
        order = np.lexsort(key.T[::-1])  # by the band's rows, then the rows after it
        band = key[order, :BAND_ROWS]
        for step in range(1, min(WINDOW, len(order) - 1) + 1):
            same = (band[step:] == band[:-step]).all(axis=1)
            a, b = order[:-step][same], order[step:][same]
            found.append(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))
    pairs = np.unique(np.concatenate(found), axis=0)
    return signed[pairs]


def linked_pairs(matrix: SignatureMatrix) -> list[tuple[str, str, float]]:
    """Every linked pair (first id < second id) with its estimated Jaccard, sorted."""
    pairs = candidate_pairs(matrix)
    out: list[tuple[str, str, float]] = []
    for at in range(0, len(pairs), _PAIRS_AT_ONCE):
        chunk = pairs[at : at + _PAIRS_AT_ONCE]
        first, second = chunk[:, 0], chunk[:, 1]
        linked, jaccard = near_duplicate_mask(
            (matrix.minhashes[first], matrix.shingles[first]),
            (matrix.minhashes[second], matrix.shingles[second]),
        )
        ids = matrix.doc_ids
        out.extend(
            (ids[i], ids[j], float(score))
            for i, j, score in zip(first[linked], second[linked], jaccard[linked], strict=True)
        )
    return out


def near_duplicate_pairs(signatures: Mapping[str, Signature]) -> list[tuple[str, str, float]]:
    """Every linked pair (first id < second id) with its estimated Jaccard, sorted."""
    return linked_pairs(SignatureMatrix.of(signatures))


def story_groups(signatures: Mapping[str, Signature]) -> dict[str, str]:
    """Map every document id to its story group id: the smallest doc id in its group.

    Groups are the connected components of the near-duplicate links (single linkage), so the
    result does not depend on the order documents arrive in. A document with no near
    duplicate is its own group.
    """
    return groups_from_pairs(signatures, ((a, b) for a, b, _ in near_duplicate_pairs(signatures)))


def group_stories(matrix: SignatureMatrix, first_seen: Mapping[str, datetime]) -> dict[str, str]:
    """Every document's story group (doc_id -> group id).

    `matrix` holds the signatures of the documents that have one, and `first_seen` when
    each document of the warehouse was first loaded. Near duplicates (`linked_pairs`) are
    linked; groups are the connected components, named by their earliest-loaded document
    (`first_seen`, then doc_id) so a group keeps its id when later copies join. A
    document with no near duplicate (or no signature) is its own group.
    """
    linked = [(a, b) for a, b, _ in linked_pairs(matrix) if a in first_seen and b in first_seen]
    members: dict[str, list[str]] = {}
    for doc_id, root in groups_from_pairs(first_seen, linked).items():
        members.setdefault(root, []).append(doc_id)
    return {
        doc_id: group_id
        for group in members.values()
        for group_id in [min(group, key=lambda doc_id: (first_seen[doc_id], doc_id))]
        for doc_id in sorted(group)
    }
