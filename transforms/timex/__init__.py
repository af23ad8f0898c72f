"""Temporal tagger: TIMEX3 recognition and normalisation for English news.

`tag(text, dct, spans=..., tense_at=..., mode=...)` returns non-overlapping `Timex` records
sorted by start. The grammar (lexicons and rules) is data in
transforms/resources/en/timex.yaml; the engine is transforms/timex/engine.py and the value
arithmetic transforms/timex/normalise.py and calendar.py.

Anchoring rules (news mode anchors on the DCT; narrative mode on the last explicit day or
month mentioned, the DCT before that):
* bare weekday: past tense -> on or before the anchor; future -> strictly after; present, or
  a `tense_at` that returns None -> the nearest such weekday (within 3 days). Without
  `tense_at`: future when a modal ("will", "'ll", "would", "shall", "to be", "going to",
  "expected to", ...) precedes it in the sentence, else past.
* "last/next Friday": strictly before/after the anchor. "last/next July": the July before
  the anchor's month / after it. "this ...": the anchor's own week/month/year/...
* month alone ("in June") and month-day ("May 9"): the anchor's year, moved back a year if
  the tense is past and the date is after the anchor, on a year if future and before it.
* "the third quarter": the anchor's year unless that quarter has not started and the tense
  is not future (then last year's); "the quarter" = the previous quarter unless future.
* "N units ago/earlier/later": the anchor moved, at the unit's granularity (days -> day,
  weeks -> ISO week, months -> month, years -> year).
* No DCT: relative values keep X's (XXXX-XX-XX, XXXX-WXX-5, XXXX-05, XXXX-05-09, XXXX-WXX,
  XXXX-XX, XXXX, XXXX-Q3, XXXX-SU) with basis "unanchored".
"""

from transforms.timex.calendar import interval
from transforms.timex.engine import tag

__all__ = ["interval", "tag"]
