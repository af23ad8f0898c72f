"""The small rule engine behind `tag`: match every rule, pick the expressions, normalise
them, then read them in context.

The grammar lives in transforms/resources/<language>/timex.yaml so that adding a phrasing is
a data change. The steps: `grammar` compiles it (with `lexicons` and `triggers`),
`matching` finds candidates, `normalising` gives one its value, `context` runs the passes
that read expressions in the light of earlier ones.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date

from transforms.extraction.timex.context import (
    apply_period_context,
    apply_story_reference,
    renormalise_narrative,
)
from transforms.extraction.timex.matching import Chosen, candidates, extent, in_title
from transforms.extraction.timex.normalising import TenseAt, normalise
from transforms.model import Span, Timex


def tag(
    text: str,
    dct: date | None,
    *,
    spans: Sequence[Span] | None = None,
    tense_at: TenseAt | None = None,
    mode: str = "news",
) -> list[Timex]:
    """Find and normalise TIMEX3 expressions; see transforms.extraction.timex for the contract.

    Overlapping matches: the longest wins, then the earlier rule.
    """
    if mode not in ("news", "narrative"):
        raise ValueError(f"unknown mode {mode!r}: use 'news' or 'narrative'")
    spans = spans if spans is not None else (Span(0, len(text)),)
    found = candidates(text, spans)
    found.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
    taken = _Taken()
    chosen: list[Chosen] = []
    for candidate in found:
        start, end = extent(candidate)
        if start == end or taken.overlaps(start, end):
            continue
        if in_title(text, start, end):
            continue
        timex = normalise(candidate, text, start, end, dct, tense_at)
        if timex is None:
            continue
        taken.add(start, end)
        chosen.append((candidate, start, end, timex))
    chosen.sort(key=lambda item: item[1])
    chosen = apply_period_context(chosen, text, dct, tense_at)
    if mode == "news":
        return apply_story_reference(chosen, text, dct, tense_at)
    return renormalise_narrative(chosen, text, dct, tense_at)


class _Taken:
    """The spans chosen so far: disjoint, so sorted by start they are sorted by end too, and
    only the last one starting before a new span can overlap it (a binary search, where a
    scan of every span made long documents quadratic)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect_left(self._starts, end)
        return before > 0 and self._ends[before - 1] > start

    def add(self, start: int, end: int) -> None:
        at = bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)
