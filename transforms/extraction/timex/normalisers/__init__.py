"""Normalisers: turn the lexicon values a rule captured into a TIMEX3 value.

Each rule in timex.yaml names one of these functions, registered under that name by the
`@normaliser` decorator (`contract.py`). They get the captured fields (lexicon values, or
the raw text for plain groups, merged over the rule's params) and the anchor. Relative values
are computed from the anchor only - never from the wall clock - and fall back to an X-form
(XXXX-XX-XX, XXXX-WXX-5, XXXX-05, ...) with basis "unanchored" when there is none.

Tense rules (see `values.direction`): a caller-supplied tense wins; without one, a modal
just before the expression ("will", "'ll", "would", "shall", "to be", "going to") means
future.

One module per kind of expression: `explicit` (the year is written), `yearless` (the nearest
occurrence of a date without its year), `deictic` (counted from the anchor), `anaphoric`
(from the last date mentioned), `periods` (business quarters and the reported period),
`times_of_day`, `durations` (and sets).
"""

from transforms.extraction.timex.normalisers import (
    anaphoric,
    deictic,
    durations,
    explicit,
    periods,
    times_of_day,
    yearless,
)
from transforms.extraction.timex.normalisers.contract import (
    NORMALISERS,
    Context,
    Fields,
    Norm,
    Normaliser,
    normaliser,
)

# The modules above register their normalisers when imported.
KINDS = (explicit, yearless, deictic, anaphoric, periods, times_of_day, durations)

__all__ = ["KINDS", "NORMALISERS", "Context", "Fields", "Norm", "Normaliser", "normaliser"]
