"""The passes after matching that read each expression in the light of earlier ones: the
reported period and the last date mentioned (both modes), the story's reference time (news
mode) and the narrative anchor (narrative mode).

Which rules a pass concerns is an attribute of the rule in timex.yaml (`context`, `role`),
never the name of its normaliser.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

from transforms.extraction.timex.calendar import interval
from transforms.extraction.timex.grammar import cues
from transforms.extraction.timex.matching import Candidate, Chosen
from transforms.extraction.timex.normalisers.contract import REPORTED_FUTURE
from transforms.extraction.timex.normalising import (
    SENTENCE_END,
    TenseAt,
    clause_tense,
    normalise,
)
from transforms.model import Timex

_REFERENCE = frozenset({"day", "week", "month", "year"})  # precisions anaphora count from
_NARRATIVE_PRECISIONS = frozenset({"day", "month"})
_QUARTER_VALUE = re.compile(r"\d{4}-Q[1-4]")
_COMPARED_WINDOW = 60  # characters before "a year ago" searched for a figure
_SENTENCE_REACH = 300  # characters searched either side for the sentence's ends


def apply_period_context(
    chosen: list[Chosen], text: str, dct: date | None, tense_at: TenseAt | None
) -> list[Chosen]:
    """Context from earlier in the text. Rules marked `context: anaphor` ("that day", "the
    following year") count from the last day, week, month or year mentioned.

    Business news reports on a period: once a quarter has been named ("the third quarter";
    the first recent one named is the one reported on), "the quarter", "the latest period"
    and "the 1988 period" mean that quarter, and a figure compared with "a year ago" or
    "a year earlier" is the same quarter a year before. Rules marked `context:
    figure_period` take the period only when they compare a figure with it. "last year"
    stays the year: it names a calendar year even next to a figure.
    """
    period: str | None = None
    reference: tuple[date, str] | None = None
    result = []
    for candidate, start, end, timex in chosen:
        context = candidate.rule.context
        if context == "anaphor":
            timex = (
                normalise(candidate, text, start, end, dct, tense_at, reference=reference) or timex
            )
        elif context == "names_period":
            period = timex.value  # "the quarter ended Sept. 30" names the period outright
        elif context is None:
            if period is None and _reported_quarter(timex, dct):
                period = timex.value  # the first recent quarter named is the one reported on
        elif period is not None and (context == "period" or _compares_figure(text, start, end)):
            timex = normalise(candidate, text, start, end, dct, tense_at, period) or timex
        days = interval(timex.value) if timex.type in ("DATE", "TIME") else None
        if days is not None and days.start is not None and days.precision in _REFERENCE:
            reference = (days.start, days.precision)
        result.append((candidate, start, end, timex))
    return result


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(0, start - _SENTENCE_REACH)
    ends = [m.end() for m in SENTENCE_END.finditer(text, left, start + 2) if m.end() <= start]
    right = min(len(text), end + _SENTENCE_REACH)
    after = SENTENCE_END.search(text, end, right)
    return (ends[-1] if ends else left), (after.start() + 1 if after else right)


def _compares_figure(text: str, start: int, end: int) -> bool:
    """Whether the expression at start..end compares a figure with the reported period
    ("from $1.2 million a year ago"), in a sentence about no other span."""
    begin, finish = _sentence_bounds(text, start, end)
    if cues().other_span.search(text, begin, finish):
        return False
    before = text[max(begin, start - _COMPARED_WINDOW) : start]
    return cues().compared_figure.search(before) is not None


def _reported_quarter(timex: Timex, dct: date | None) -> bool:
    if timex.type != "DATE" or not _QUARTER_VALUE.fullmatch(timex.value):
        return False
    return dct is None or int(timex.value[:4]) in (dct.year, dct.year - 1)


def renormalise_narrative(
    chosen: list[Chosen], text: str, dct: date | None, tense_at: TenseAt | None
) -> list[Timex]:
    """Narrative mode: relative expressions count from the last explicit day or month
    mentioned before them (the DCT until there is one)."""
    anchor = dct
    result = []
    for candidate, start, end, first_pass in chosen:
        timex = first_pass
        if first_pass.basis != "explicit":
            timex = normalise(candidate, text, start, end, anchor, tense_at) or first_pass
        elif timex.type in ("DATE", "TIME"):
            days = interval(timex.value)
            if days.start is not None and days.precision in _NARRATIVE_PRECISIONS:
                anchor = days.start
        result.append(timex)
    return result


# ---- news: the story's reference time -----------------------------------------------------

# Dates whose year is written out or fixed ("on Oct. 23, 1998", "in July 1997", "in 1918",
# "late last July", "in June last year") can move a news story to another period (rules with
# the role `dating` or `adverbial_dating`); counting from the DCT ("today", "last week",
# "three days ago", "Tuesday": role `deictic`) brings it back.
_FAR = timedelta(days=14)  # a date further than this from the DCT moves the story
_PARAGRAPH = re.compile(r"\n\s*\n")
_ADVERBIAL_WINDOW = 20  # characters before a date searched for its preposition
_MAX_SENTENCES = 1  # the reference holds for the rest of its sentence and the next one
_OPENING = re.compile(r"\s*(?:[A-Za-z]+\s+)?")  # what may come before a year that frames
# Groups that name the day of a time of day ("Friday night", "10 p.m. yesterday").
_DAY_GROUPS = frozenset({"weekday", "relative", "deictic_day", "month"})
_AHEAD = frozenset({"future", REPORTED_FUTURE})  # tenses whose times of day follow a schedule


def _story_reference(
    timex: Timex, dct: date, text: str, start: int, end: int
) -> tuple[date, str] | None:
    """The day or month a date moves the story to; a year only when it opens its sentence
    ("In 1918, there was ..."): a year inside a sentence is one item of it ("the crisis that
    began in 2008 and the earthquake in Haiti in January")."""
    days = interval(timex.value)
    if days.start is None or days.end is None:
        return None
    if days.precision == "year":
        if not _opens_sentence(text, start, end):
            return None
    elif days.precision not in ("day", "month"):
        return None
    if days.start - dct > _FAR or dct - days.end > _FAR:
        return days.start, days.precision
    return None


def _opens_sentence(text: str, start: int, end: int) -> bool:
    """The expression opens its sentence, after at most a preposition ("In 1918, ...")."""
    begin, _ = _sentence_bounds(text, start, end)
    return _OPENING.fullmatch(text, begin, start) is not None


def _moved(timex: Timex, role: str, reference: tuple[date, str]) -> Timex:
    """An underspecified expression resolved against the story's reference instead of the
    DCT: a month alone -> the first such month from the reference month on (a story told
    from a past date moves forward: "late last July ... in August"); a time of day without
    a day -> on the reference day."""
    day, precision = reference
    if role == "yearless_month":
        month = int(timex.value[5:7])
        year = day.year if month >= day.month else day.year + 1
        return dataclasses.replace(timex, value=f"{year:04d}-{month:02d}")
    if precision == "day" and "T" in timex.value:
        return dataclasses.replace(timex, value=day.isoformat() + timex.value[10:])
    return timex


def _on_the_day_ahead(
    candidate: Candidate,
    start: int,
    end: int,
    timex: Timex,
    text: str,
    ahead: date | None,
    tense_at: TenseAt | None,
) -> Timex:
    if ahead is None or not _dayless(candidate, timex):
        return timex
    if clause_tense(text, start, end, tense_at) not in _AHEAD:
        return timex
    return _moved(timex, "dayless_time", (ahead, "day"))


def _times_on_their_days(chosen: list[Chosen], result: list[Timex], text: str) -> list[Timex]:
    """ "on August 19 at 2pm", "at 10 p.m. on Thursday": a time of day without its day right
    beside a day falls on that day, not on the DCT's."""
    result = list(result)
    for i in range(len(result) - 1):
        (before, _, joint_start, _), (after, joint_end, _, _) = chosen[i], chosen[i + 1]
        if _dayless(before, result[i]) and _JOINING_A_DAY.fullmatch(text, joint_start, joint_end):
            day = _named_day(result[i + 1])
            if day is not None:
                result[i] = _moved(result[i], "dayless_time", (day, "day"))
        elif _dayless(after, result[i + 1]) and _JOINING_A_TIME.fullmatch(
            text, joint_start, joint_end
        ):
            day = _named_day(result[i])
            if day is not None:
                result[i + 1] = _moved(result[i + 1], "dayless_time", (day, "day"))
    return result


def _weekdays_in_order(
    chosen: list[Chosen], result: list[Timex], text: str, dct: date
) -> list[Timex]:
    """ "late Thursday or early Friday", "between Monday and Wednesday": two weekdays joined
    run forward. Told on a Friday of the days ahead, the Friday is the coming one, not the
    DCT ("is expected to make landfall late Thursday or early Friday"). Of days gone by,
    nothing is moved: on a Tuesday, "the hearings on Tuesday and Thursday" may be ahead with
    the tense read wrong, "clashed on Tuesday and Wednesday" a week back."""
    result = list(result)
    for i in range(len(result) - 1):
        (before, _, joint_start, _), (after, joint_end, _, _) = chosen[i], chosen[i + 1]
        if not (_bare_weekday(before, result[i]) and _bare_weekday(after, result[i + 1])):
            continue
        if not _JOINING_WEEKDAYS.fullmatch(text, joint_start, joint_end):
            continue
        first, second = interval(result[i].value).start, interval(result[i + 1].value).start
        if first is None or second is None or second >= first:
            continue
        if first > dct:
            result[i + 1] = _shifted(result[i + 1], _WEEK)
    return result


def _bare_weekday(candidate: Candidate, timex: Timex) -> bool:
    """A weekday counted from the DCT ("Friday", "late Friday", "Friday night"), not "next
    Friday"."""
    fields = _captured(candidate)
    return "weekday" in fields and "relative" not in fields and timex.basis == "relative"


def _shifted(timex: Timex, days: timedelta) -> Timex:
    day = interval(timex.value).start
    assert day is not None
    return dataclasses.replace(timex, value=(day + days).isoformat() + timex.value[10:])


_WEEK = timedelta(days=7)
_JOINING_WEEKDAYS = re.compile(r",?\s+(?:or|and|to|through|until|till)\s+(?:on\s+)?|\s*[-–]\s*")


def _captured(candidate: Candidate) -> set[str]:
    """The groups of its rule's pattern that a candidate's match filled."""
    return {k for k, v in candidate.match.groupdict().items() if v}


def _dayless(candidate: Candidate, timex: Timex) -> bool:
    """A time of day without its day ("at 2pm", not "2pm Friday"), read on the DCT's day."""
    return (
        candidate.rule.role == "dayless_time"
        and not _captured(candidate) & _DAY_GROUPS
        and timex.basis == "relative"
        and "T" in timex.value
    )


def _named_day(timex: Timex) -> date | None:
    if timex.type != "DATE" or "T" in timex.value:
        return None
    days = interval(timex.value)
    return days.start if days.precision == "day" else None


_JOINING_A_TIME = re.compile(r",?\s+(?:at\s+|from\s+|around\s+|about\s+)?")  # the day first
_JOINING_A_DAY = re.compile(r",?\s+(?:(?:local\s+time|[A-Z]{2,4})\s+)?(?:on\s+)?")  # the time first


def apply_story_reference(
    chosen: list[Chosen], text: str, dct: date | None, tense_at: TenseAt | None = None
) -> list[Timex]:
    """News mode: once a sentence moves the story to a day or month far from the DCT with an
    adverbial date that has its year ("Slepian was killed on Oct. 23, 1998"), a month
    without its year or a time of day without its day, later in that sentence or in the
    next, resolves against that date; a DCT-relative expression ("today", "last week"), a
    date near the DCT or a paragraph break ends it. Weekdays stay on the DCT: news names the
    days of its own week.

    A time of day without its day in a future clause ("will include a rally at 1:30 p.m.")
    falls on the last day ahead of the DCT the text named ("the parade is set for
    Wednesday"): a schedule goes on from the day it set."""
    if dct is None:
        return [timex for *_, timex in chosen]
    reference: tuple[date, str] | None = None
    since = 0  # where the reference was last set or used
    ahead: date | None = None  # the last day after the DCT named so far
    result = []
    for candidate, start, end, timex in chosen:
        timex = _on_the_day_ahead(candidate, start, end, timex, text, ahead, tense_at)
        days = interval(timex.value) if timex.type in ("DATE", "TIME") else None
        if days is not None and days.precision == "day" and days.start and days.start > dct:
            ahead = days.start
        if reference is not None and (
            _PARAGRAPH.search(text, since, start)
            or sum(1 for _ in SENTENCE_END.finditer(text, since, start)) > _MAX_SENTENCES
        ):
            reference = None
        role = candidate.rule.role
        if role in ("dating", "adverbial_dating") and timex.type == "DATE":
            if not cues().possessive.match(text, end) and (
                role == "adverbial_dating"  # "last July" is adverbial on its own
                or cues().adverbial.search(text, max(0, start - _ADVERBIAL_WINDOW), start)
            ):
                reference = _story_reference(timex, dct, text, start, end)
                since = end
        elif role == "anaphoric" and reference is not None:  # "the following year"
            days = interval(timex.value)
            if days.start is not None and days.precision in ("day", "month", "year"):
                reference, since = (days.start, days.precision), end
        elif role == "deictic" or timex.basis == "explicit" and timex.type in ("DATE", "TIME"):
            reference = None
        elif (
            reference is not None
            and timex.basis == "relative"
            and (role == "yearless_month" or _dayless(candidate, timex))
        ):
            timex = _moved(timex, role, reference)
            since = end
        result.append(timex)
    return _weekdays_in_order(chosen, _times_on_their_days(chosen, result, text), text, dct)
