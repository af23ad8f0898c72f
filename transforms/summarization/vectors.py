"""Sentences as TF-IDF vectors, the measure of what a day's reports have in common.

Terms are lower-cased words of letters or digits, without a stop list: the inverse
document frequency, computed over the sentences being summarized, already gives the
words every sentence has a weight near zero. Vectors are sparse (a dict of term to
weight) and unit length, so the dot product is the cosine. The vocabulary also knows
what the whole collection is about (its topic vector: each term weighted by how many
sentences use it times its IDF), so a sentence off the story can be told from one on it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

Vector = dict[str, float]
_TERM = re.compile(r"[^\W_]{2,}")


@lru_cache(maxsize=1 << 17)
def terms(text: str) -> tuple[str, ...]:
    """The text's terms: lower-cased runs of letters and digits, one-letter words left out."""
    return tuple(_TERM.findall(text.lower()))


class Vocabulary:
    """The terms of a collection of sentences, their IDF and the collection's topic."""

    def __init__(self, texts: Iterable[str]) -> None:
        frequency: Counter[str] = Counter()
        count = 0
        for text in texts:
            frequency.update(set(terms(text)))
            count += 1
        # smoothed: log((1 + n) / (1 + df)) + 1
        self.idf = {term: math.log((1 + count) / (1 + df)) + 1.0 for term, df in frequency.items()}
        self.topic = normalised({term: df * self.idf[term] for term, df in frequency.items()})
        self._vectors: dict[str, Vector] = {}

    def vector(self, text: str) -> Vector:
        """The unit TF-IDF vector of `text`; empty when it has no known term."""
        found = self._vectors.get(text)
        if found is None:
            weights = {t: n * self.idf.get(t, 0.0) for t, n in Counter(terms(text)).items()}
            found = self._vectors[text] = normalised({t: w for t, w in weights.items() if w > 0})
        return found


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
