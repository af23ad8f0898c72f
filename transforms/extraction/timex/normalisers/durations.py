"""Durations and sets: "three years", "the past two weeks", "every Monday", "daily"."""

from __future__ import annotations

from typing import Any

from transforms.extraction.timex.normalisers.contract import Context, Fields, Norm, normaliser
from transforms.extraction.timex.normalisers.values import explicit

# A half of a unit written in the next smaller one, as TimeML does (2 1/2 years = P2Y6M,
# 5 1/2 hours = PT5H30M); other halves stay decimal (P1.5W).
_HALF_UNIT = {"Y": ("6M", ""), "D": ("12H", "T"), "TH": ("30M", ""), "TM": ("30S", "")}


def _duration_value(number: str, unit: str) -> str:
    whole, _, fraction = number.partition(".")
    if fraction == "5" and unit in _HALF_UNIT:
        half, separator = _HALF_UNIT[unit]
        head = "" if whole == "0" else _duration_value(whole, unit)
        if not head:
            return f"P{'T' if unit.startswith('T') or separator else ''}{half}"
        return f"{head}{separator}{half}"
    if unit in ("DE", "CE"):
        if number == "X":
            return f"PX{unit}"
        years = float(number) * (10 if unit == "DE" else 100)
        return f"P{years:g}Y"
    if unit.startswith("T"):
        return f"PT{number}{unit[1]}"
    return f"P{number}{unit}"


def _number_text(value: Any, half: bool = False) -> str:
    text = str(value)
    if text == "X":
        return "X"
    number = float(text) + (0.5 if half else 0)
    return f"{number:g}"


@normaliser("duration")
def duration(f: Fields, ctx: Context) -> Norm | None:
    number = _number_text(f["number"], bool(f.get("half")))
    if number == "0":
        return None
    return explicit(_duration_value(number, str(f["unit"])))


@normaliser("stopwatch_duration")
def stopwatch_duration(f: Fields, ctx: Context) -> Norm | None:
    """'3:07:35': hours, minutes and seconds, the zero parts left out (PT3H7M35S)."""
    parts = [(int(f["hours"]), "H"), (int(f["minutes"]), "M"), (int(f["seconds"]), "S")]
    written = "".join(f"{number}{unit}" for number, unit in parts if number)
    return explicit(f"PT{written}") if written else None


@normaliser("span_duration")
def span_duration(f: Fields, ctx: Context) -> Norm | None:
    """'the past two years' is a duration; 'the coming months' (no number) a reference;
    'the first hours (of the war)' a duration of unknown length."""
    plural = str(f.get("unit_text", "")).lower().endswith(tuple(f.get("plural_endings", ())))
    span_text = str(f.get("span_word_text", "")).lower()
    if f.get("number") is None and plural and span_text in f.get("opening_words", ()):
        return explicit(_duration_value("X", str(f["unit"])))  # "the first hours (of the war)"
    if f.get("number") is None and plural:
        forward = f.get("span_word") is not None and int(f["span_word"]) > 0
        return Norm("FUTURE_REF" if forward else "PAST_REF", "explicit", type="DATE")
    number = _number_text(f.get("number", 1))
    return explicit(_duration_value(number, str(f["unit"])))


@normaliser("set_unit")
def set_unit(f: Fields, ctx: Context) -> Norm | None:
    number = _number_text(f.get("number", 1))
    return explicit(_duration_value(number, str(f["set_unit"])))


@normaliser("set_calendar")
def set_calendar(f: Fields, ctx: Context) -> Norm | None:
    if f.get("weekday") is not None:
        return explicit(f"XXXX-WXX-{int(f['weekday'])}")
    if f.get("month") is not None:
        return explicit(f"XXXX-{int(f['month']):02d}")
    return explicit(f"XXXX-{f['season']}")


@normaliser("set_adverb")
def set_adverb(f: Fields, ctx: Context) -> Norm | None:
    return explicit(str(f["set_adverb"]))
