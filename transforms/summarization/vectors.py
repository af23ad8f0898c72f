"""Sentences as TF-IDF vectors, the measure of what a day's reports have in common.

Terms are lower-cased words of letters or digits, without a stop list: the inverse
document frequency, computed over the sentences being summarized, already gives the
words every sentence has a weight near zero. Vectors are sparse (a dict of term to
weight) and unit length, so the dot product is the cosine.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

Vector = dict[str, float]
_TERM = re.compile(r"[^\W_]+")


def terms(text: str) -> list[str]:
    """The text's terms: lower-cased runs of letters and digits, one-letter words left out."""
    return [term for term in _TERM.findall(text.lower()) if len(term) > 1]


def inverse_frequencies(texts: Iterable[str]) -> dict[str, float]:
    """Smoothed IDF of every term over `texts`: log((1 + n) / (1 + df)) + 1."""
    frequency: Counter[str] = Counter()
    count = 0
    for text in texts:
        frequency.update(set(terms(text)))
        count += 1
    return {term: math.log((1 + count) / (1 + df)) + 1.0 for term, df in frequency.items()}


def vector(text: str, idf: Mapping[str, float]) -> Vector:
    """The unit TF-IDF vector of `text`; empty when it has no known term."""
    counts = Counter(terms(text))
    weights = {term: n * idf.get(term, 0.0) for term, n in counts.items()}
    return normalised({term: w for term, w in weights.items() if w > 0})


def normalised(weights: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {term: w / norm for term, w in weights.items()} if norm else {}


def centroid(vectors: Iterable[tuple[Vector, float]]) -> Vector:
    """The unit mean of weighted vectors."""
    total: dict[str, float] = {}
    for vec, weight in vectors:
        for term, w in vec.items():
            total[term] = total.get(term, 0.0) + weight * w
    return normalised(total)


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(term, 0.0) for term, w in a.items())
