"""What a normaliser is: the fields and context it gets, the value it returns, and the
registry that timex.yaml's rules name normalisers from.

A function becomes a normaliser by the `@normaliser("name")` decorator, never by being a
public function of some module: the registry holds exactly what the rules may name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from transforms.model import TimexBasis, TimexType


@dataclass(frozen=True)
class Norm:
    value: str
    basis: TimexBasis
    mod: str | None = None
    type: TimexType | None = None  # overrides the rule's type when set


# The future seen from a past report ("announced it would reopen on Saturday", "was
# scheduled to leave on July 2"): ahead of the report, which may itself lie a day or two
# before the DCT, so the date may too.
REPORTED_FUTURE = "reported_future"


@dataclass(frozen=True)
class Context:
    anchor: date | None
    # Tense of the clause: "past", "present", "future", REPORTED_FUTURE or None;
    # `tense_from_parse` says whether it came from the caller's parse (trusted) or the local
    # modal cue.
    tense: Callable[[], str | None]
    tense_from_parse: bool
    # The reporting period of the text so far (the last quarter mentioned, e.g. "1989-Q3"),
    # given only to rules marked `context: period`; see the engine.
    period: str | None = None
    # The last date mentioned before the expression (its first day and interval precision),
    # given only to rules marked `context: anaphor` ("that day", "the following year").
    reference: tuple[date, str] | None = None
    # A deadline or schedule word leads up to the expression ("until", "by", "effective",
    # "payable"): a yearless date is then the next one, or one that has just passed.
    deadline: bool = False
    # A period that "ended" on the date, or a state held "since" it: the date cannot lie ahead.
    completed: bool = False


Fields = Mapping[str, Any]
Normaliser = Callable[[Fields, Context], Norm | None]

# Name (as timex.yaml's rules write it) -> normaliser; filled by `normaliser`.
NORMALISERS: dict[str, Normaliser] = {}


def normaliser(name: str) -> Callable[[Normaliser], Normaliser]:
    """Register the decorated function as the normaliser rules call `name`."""

    def register(function: Normaliser) -> Normaliser:
        if name in NORMALISERS:
            raise ValueError(f"two normalisers are named {name!r}")
        NORMALISERS[name] = function
        return function

    return register
