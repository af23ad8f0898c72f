"""The small rule engine behind `tag`: compiles timex.yaml once, matches, picks, normalises.

The grammar lives in transforms/resources/en/timex.yaml so that adding a phrasing is a data
change; this module only knows how to expand `{lexicon}` placeholders, resolve overlaps
(longest match, then rule order) and hand captured lexicon values to a named normaliser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from transforms.model import Span, Timex, TimexType
from transforms.timex import normalise
from transforms.timex.calendar import interval

_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([a-z_0-9]+))?\}")
_MODAL_CUE = re.compile(
    r"(?:\b(?:will|would|shall|won't|wo\s+n't)|'ll|\bto\s+be|\bgoing\s+to|\bas\s+(?:soon|early)\s+as"
    r"|\b(?:plans?|planned|planning|scheduled|expected|set|due)\s+(?:to|for))"
    r"(?:\s+[\w'-]+){0,5}\s+(?:on\s+|by\s+|until\s+)?$",
    re.IGNORECASE,
)
_CUE_WINDOW = 60  # characters before a timex searched for a future modal
_NARRATIVE_PRECISIONS = frozenset({"day", "month"})


@dataclass(frozen=True)
class Lexicon:
    name: str
    entries: dict[str, Any]  # lower-cased, whitespace-collapsed text -> value
    regex: str  # alternation, without the surrounding group
    has_digits_alternative: bool


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    type: TimexType
    normaliser: normalise.Normaliser
    params: dict[str, Any]
    mod: str | None
    group_lexicons: dict[str, Lexicon]  # named group -> lexicon that gives its value


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    order: int
    rule: Rule
    match: re.Match[str]


def _lookup_key(text: str) -> str:
    return " ".join(text.lower().split())


def _build_lexicon(name: str, spec: dict[str, Any]) -> Lexicon:
    entries: dict[str, Any] = {}
    alternatives: set[str] = set()
    for written, value in spec["entries"].items():
        written = str(written)
        entries[_lookup_key(written)] = value
        variants = {written, written.upper()} if spec.get("case_sensitive") else {written}
        for variant in variants:
            alternatives.add(r"\s+".join(re.escape(part) for part in variant.split()))
    ordered = sorted(alternatives, key=lambda alt: (-len(alt), alt))
    regex = "|".join(ordered)
    if spec.get("case_sensitive"):
        regex = f"(?-i:{regex})"
    if spec.get("also"):
        regex = f"{regex}|{spec['also']}"
    return Lexicon(name, entries, regex, bool(spec.get("also")))


def _expand(
    pattern: str, lexicons: dict[str, Lexicon], macros: dict[str, str], groups: dict[str, Lexicon]
) -> str:
    """Replace {name} / {name:group} by a lexicon group or a macro, recursively."""

    def replace(match: re.Match[str]) -> str:
        name, group = match[1], match[2] or match[1]
        if name in lexicons:
            groups[group] = lexicons[name]
            return f"(?P<{group}>{lexicons[name].regex})"
        if name in macros:
            return _expand(
                macros[name].replace("(?P<@>", f"(?P<{group}>"), lexicons, macros, groups
            )
        raise KeyError(f"timex.yaml: unknown lexicon or macro {{{name}}}")

    return _PLACEHOLDER.sub(replace, pattern)


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """Compile the grammar once per process."""
    source = resources.files("transforms").joinpath("resources", "en", "timex.yaml")
    grammar = yaml.safe_load(source.read_text(encoding="utf-8"))
    lexicons = {name: _build_lexicon(name, spec) for name, spec in grammar["lexicons"].items()}
    macros = {name: str(text) for name, text in grammar.get("macros", {}).items()}
    rules = []
    for spec in grammar["rules"]:
        groups: dict[str, Lexicon] = {}
        body = _expand(spec["pattern"], lexicons, macros, groups)
        rules.append(
            Rule(
                name=spec["name"],
                regex=re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE),
                type=spec["type"],
                normaliser=normalise.NORMALISERS[spec["normaliser"]],
                params=dict(spec.get("params") or {}),
                mod=spec.get("mod"),
                group_lexicons=groups,
            )
        )
    return tuple(rules)


def _fields(rule: Rule, match: re.Match[str]) -> dict[str, Any]:
    fields: dict[str, Any] = dict(rule.params)
    for group, text in match.groupdict().items():
        if text is None:
            continue
        fields[f"{group}_text"] = text
        lexicon = rule.group_lexicons.get(group)
        if lexicon is None:
            fields[group] = text
            continue
        value = lexicon.entries.get(_lookup_key(text))
        if value is None and lexicon.has_digits_alternative:
            value = text
        fields[group] = value
    return fields


def _extent(candidate: _Candidate) -> tuple[int, int]:
    if "x" in candidate.rule.regex.groupindex and candidate.match.start("x") >= 0:
        return candidate.match.start("x"), candidate.match.end("x")
    return candidate.match.start(), candidate.match.end()


def _modal_cue_tense(text: str, start: int) -> str | None:
    window = text[max(0, start - _CUE_WINDOW) : start]
    return "future" if _MODAL_CUE.search(window) else None


def _candidates(text: str, spans: Sequence[Span]) -> list[_Candidate]:
    found = []
    for order, rule in enumerate(load_rules()):
        for span in spans:
            for match in rule.regex.finditer(text, span.start, span.end):
                found.append(_Candidate(match.start(), match.end(), order, rule, match))
    return found


def _normalise(
    candidate: _Candidate,
    text: str,
    start: int,
    end: int,
    anchor: date | None,
    tense_at: Callable[[int, int], str | None] | None,
) -> Timex | None:
    rule = candidate.rule

    def tense() -> str | None:
        return tense_at(start, end) if tense_at is not None else _modal_cue_tense(text, start)

    context = normalise.Context(anchor=anchor, tense=tense, tense_from_parse=tense_at is not None)
    fields = _fields(rule, candidate.match)
    norm = rule.normaliser(fields, context)
    if norm is None:
        return None
    try:
        interval(norm.value)  # never let an impossible value (2025-02-30, 2021-W53) out
    except ValueError:
        return None
    mod = norm.mod or rule.mod or fields.get("modifier") or fields.get("quant_mod")
    return Timex(start, end, text[start:end], norm.type or rule.type, norm.value, mod, norm.basis)


def tag(
    text: str,
    dct: date | None,
    *,
    spans: Sequence[Span] | None = None,
    tense_at: Callable[[int, int], str | None] | None = None,
    mode: str = "news",
) -> list[Timex]:
    """Find and normalise TIMEX3 expressions; see transforms.timex for the contract."""
    if mode not in ("news", "narrative"):
        raise ValueError(f"unknown mode {mode!r}: use 'news' or 'narrative'")
    spans = spans if spans is not None else (Span(0, len(text)),)
    candidates = _candidates(text, spans)
    candidates.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[_Candidate, int, int, Timex]] = []
    for candidate in candidates:
        start, end = _extent(candidate)
        if start == end or any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        timex = _normalise(candidate, text, start, end, dct, tense_at)
        if timex is None:
            continue
        taken.append((start, end))
        chosen.append((candidate, start, end, timex))
    chosen.sort(key=lambda item: item[1])
    if mode == "news":
        return [timex for *_, timex in chosen]
    return _renormalise_narrative(chosen, text, dct, tense_at)


def _renormalise_narrative(
    chosen: list[tuple[_Candidate, int, int, Timex]],
    text: str,
    dct: date | None,
    tense_at: Callable[[int, int], str | None] | None,
) -> list[Timex]:
    """Narrative mode: relative expressions count from the last explicit day or month
    mentioned before them (the DCT until there is one)."""
    anchor = dct
    result = []
    for candidate, start, end, first_pass in chosen:
        timex = first_pass
        if first_pass.basis != "explicit":
            timex = _normalise(candidate, text, start, end, anchor, tense_at) or first_pass
        elif timex.type in ("DATE", "TIME"):
            days = interval(timex.value)
            if days.start is not None and days.precision in _NARRATIVE_PRECISIONS:
                anchor = days.start
        result.append(timex)
    return result
