"""The small rule engine behind `tag`: match every rule, pick the expressions, normalise
them, then read them in context.

The grammar lives in transforms/resources/<language>/timex.yaml so that adding a phrasing is
a data change. The steps: `grammar` compiles it (with `lexicons` and `triggers`),
`matching` finds candidates, `normalising` gives one its value, `context` runs the passes
that read expressions in the light of earlier ones.
"""

from __future__ import annotations

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
    taken: list[tuple[int, int]] = []
    chosen: list[Chosen] = []
    for candidate in found:
        start, end = extent(candidate)
        if start == end or any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        if in_title(text, start, end):
            continue
        timex = normalise(candidate, text, start, end, dct, tense_at)
        if timex is None:
            continue
        taken.append((start, end))
        chosen.append((candidate, start, end, timex))
    chosen.sort(key=lambda item: item[1])
    chosen = apply_period_context(chosen, text, dct, tense_at)
    if mode == "news":
        return apply_story_reference(chosen, text, dct, tense_at)
    return renormalise_narrative(chosen, text, dct, tense_at)
