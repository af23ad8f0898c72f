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
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime

from transforms.deduplication.components import groups_from_pairs
from transforms.extraction.signature import NUM_HASHES
from transforms.model import Signature

BAND_ROWS = 2  # 64 bands of 2 rows: a pair at Jaccard 0.3 becomes a candidate with p > 0.99
JACCARD_THRESHOLD = 0.5
CONTAINMENT_THRESHOLD = 0.8
MIN_SHINGLES_FOR_CONTAINMENT = 40


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0 when either is empty)."""
    if not a.shingles or not b.shingles:
        return 0.0
    agree = sum(1 for x, y in zip(a.minhashes, b.minhashes, strict=True) if x == y)
    return agree / NUM_HASHES


def containment(a: Signature, b: Signature) -> float:
    """Estimated share of the smaller document's shingles found in the larger one.

    From |A ∩ B| = J (|A| + |B|) / (1 + J), divided by the smaller set's size.
    """
    jaccard = similarity(a, b)
    if jaccard == 0.0:
        return 0.0
    smaller = min(a.shingles, b.shingles)
    common = jaccard * (a.shingles + b.shingles) / (1 + jaccard)
    return min(1.0, common / smaller)


def is_near_duplicate(a: Signature, b: Signature) -> bool:
    """The linking rule of the module docstring."""
    if similarity(a, b) >= JACCARD_THRESHOLD:
        return True
    return (
        min(a.shingles, b.shingles) >= MIN_SHINGLES_FOR_CONTAINMENT
        and containment(a, b) >= CONTAINMENT_THRESHOLD
    )


def band_keys(sig: Signature) -> tuple[str, ...]:
    """LSH bucket keys, one per band: documents sharing any key are candidate duplicates.

    Stable strings ("band:hex digest"), so they can be stored and joined on in a database to
    find candidates among documents loaded in earlier runs. An empty signature has none.
    """
    if not sig.shingles:
        return ()
    keys = []
    for band, start in enumerate(range(0, NUM_HASHES, BAND_ROWS)):
        rows = sig.minhashes[start : start + BAND_ROWS]
        payload = b"".join(value.to_bytes(8, "big") for value in rows)
        keys.append(f"{band}:{hashlib.blake2b(payload, digest_size=8).hexdigest()}")
    return tuple(keys)


def near_duplicate_pairs(signatures: Mapping[str, Signature]) -> list[tuple[str, str, float]]:
    """Every linked pair (first id < second id) with its estimated Jaccard, sorted."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for doc_id in sorted(signatures):
        for key in band_keys(signatures[doc_id]):
            buckets[key].append(doc_id)
    candidates: set[tuple[str, str]] = set()
    for members in buckets.values():
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                candidates.add((first, second))
    pairs = []
    for first, second in sorted(candidates):
        a, b = signatures[first], signatures[second]
        if is_near_duplicate(a, b):
            pairs.append((first, second, similarity(a, b)))
    return pairs


def story_groups(signatures: Mapping[str, Signature]) -> dict[str, str]:
    """Map every document id to its story group id: the smallest doc id in its group.

    Groups are the connected components of the near-duplicate links (single linkage), so the
    result does not depend on the order documents arrive in. A document with no near
    duplicate is its own group.
    """
    return groups_from_pairs(signatures, ((a, b) for a, b, _ in near_duplicate_pairs(signatures)))


def group_stories(
    candidates: Iterable[tuple[str, str]],
    signatures: Mapping[str, Signature],
    first_seen: Mapping[str, datetime],
) -> dict[str, str]:
    """Every document's story group (doc_id -> group id) from stored candidates.

    `candidates` are pairs sharing an LSH band key (found by the warehouse with a join, so
    no run compares every pair), `signatures` those of the documents they name, and
    `first_seen` when each document of the warehouse was first loaded. A candidate whose
    signatures pass `is_near_duplicate` is linked; groups are the connected components,
    named by their earliest-loaded document (`first_seen`, then doc_id) so a group keeps
    its id when later copies join. A document with no near duplicate is its own group.
    """
    linked = [
        (a, b)
        for a, b in candidates
        if a in signatures and b in signatures and is_near_duplicate(signatures[a], signatures[b])
    ]
    members: dict[str, list[str]] = {}
    for doc_id, root in groups_from_pairs(first_seen, linked).items():
        members.setdefault(root, []).append(doc_id)
    return {
        doc_id: group_id
        for group in members.values()
        for group_id in [min(group, key=lambda doc_id: (first_seen[doc_id], doc_id))]
        for doc_id in sorted(group)
    }
