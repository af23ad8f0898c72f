"""Temporal tagger: TIMEX3 recognition and normalisation for English news.

`tag(text, dct, spans=..., tense_at=..., mode=...)` returns non-overlapping `Timex` records
sorted by start. The grammar (lexicons, cues and rules) is data in
transforms/resources/en/timex.yaml; the engine is `engine.py` and the modules it names, the
value arithmetic `normalisers/` and `calendar.py`.

Anchoring rules (news mode anchors on the DCT; narrative mode on the last explicit day or
month mentioned, the DCT before that):
* bare weekday: past tense -> on or before the anchor; future -> on or after (news names its
  own day by its weekday: "will meet on Friday" in a Friday report is that day); present, or
  a `tense_at` that returns None -> the nearest such weekday (within 3 days). Without
  `tense_at`: future when a modal ("will", "'ll", "would", "shall", "to be", "going to",
  "expected to", ...) precedes it in the sentence, else past. The future seen from a past
  report ("announced it would reopen on Saturday", "was scheduled to leave"): on or after
  two days before the anchor (the report may be that old); a month-day then as in the
  present.
* "last/next Friday": strictly before/after the anchor. "last/next July": the July before
  the anchor's month / after it. "this ...": the anchor's own week/month/year/...
* month alone ("in June") and month-day ("May 9"): the anchor's year, moved back a year if
  the tense is past and the date is after the anchor, on a year if future and before it.
* "the third quarter": the anchor's year unless that quarter has not started and the tense
  is not future (then last year's); "the quarter" = the previous quarter unless future.
* "N units ago/earlier/later": the anchor moved, at the unit's granularity (days -> day,
  weeks -> ISO week, months -> month, years -> year).
* a deadline or schedule word before a yearless date ("until", "by", "effective", "payable",
  "due", "starting", ...) and no future tense: the first occurrence from about three months
  before the anchor on ("effective Feb. 1" written in October -> next February).
* "last Oct. 23" / "next March 8": that date strictly before / after the anchor.
* "the week of March 6": the ISO week of that date; "April 24 and 25": the second day in the
  first one's year; "the day before last Tuesday": that day moved by one.
* "in the morning" / "at 4 in the morning" (no day named): on the last day mentioned, like
  "that day"; the anchor's day when none was.

Story reference time (news mode): the DCT stays the anchor, except that once a sentence moves
the story to another period with a date whose year is written out or fixed ("on Oct. 23,
1998", "in July 1997", "late last July", "June last year") lying more than 14 days from the
DCT - an adverbial, not a modifier naming an event ("the Dec. 21, 1988, bombing") - a month
without its year and a time of day without its day resolve against that date: the month
is the first such month from the reference month on ("late last July ... in August" ->
that year's August), the time falls on the reference day ("killed on Oct. 23, 1998, at
10 p.m."). "the following year" moves the reference along. The reference holds for the rest
of its sentence and the next one (each use renews it) and ends at a paragraph break, at a
date near the DCT or at any DCT-relative expression ("today", "last week", "three days
ago", a weekday). Weekdays always count from the DCT: news names the days of its own week,
and on TBAQ re-anchoring them after a far date was wrong far more often than right.
* No DCT: relative values keep X's (XXXX-XX-XX, XXXX-WXX-5, XXXX-05, XXXX-05-09, XXXX-WXX,
  XXXX-XX, XXXX, XXXX-Q3, XXXX-SU) with basis "unanchored".
"""

from transforms.extraction.timex.calendar import interval
from transforms.extraction.timex.engine import tag

__all__ = ["interval", "tag"]
