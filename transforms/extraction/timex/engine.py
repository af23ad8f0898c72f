"""The small rule engine behind `tag`: compiles timex.yaml once, matches, picks, normalises.

The grammar lives in transforms/resources/en/timex.yaml so that adding a phrasing is a data
change; this module only knows how to expand `{lexicon}` placeholders, resolve overlaps
(longest match, then rule order) and hand captured lexicon values to a named normaliser.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from transforms.extraction.timex.calendar import interval
from transforms.extraction.timex.normalisers import NORMALISERS, Context, Normaliser
from transforms.model import Span, Timex, TimexType
from transforms.resources.loader import ResourceError, language_resources
from transforms.resources.schema import TimexFile, TimexRule

_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([a-z_0-9]+))?\}")
_MODAL_CUE = re.compile(
    r"(?:\b(?:will|would|shall|won't|wo\s+n't)|'ll|\bto\s+be|\bgoing\s+to|\bas\s+(?:soon|early)\s+as"
    r"|\b(?:is|are)\s+to|\b(?:plans?|expected|set|due)\s+(?:to|for)"
    # "has scheduled a news conference Thursday", "planned a rally on Saturday": the plan is
    # past, what was planned is not; unless it was planned before ("as previously planned").
    r"|(?<!previously\s)(?<!originally\s)(?<!already\s)(?<!had\s)\b(?:planned|planning|scheduled))"
    r"(?:\s+[\w'.-]+){0,8}\s+(?:on\s+|by\s+|until\s+|at\s+)?$",
    re.IGNORECASE,
)
_PAST_PLAN = re.compile(r"\bhad\s+(?:been\s+)?\w+\s+(?:to|for)\b[^,;.]*$", re.IGNORECASE)
# A deadline or schedule word right before a date: a past-tense clause says nothing about
# whether the date itself is past ("extended the offer until Nov. 9", "payable Dec. 15").
_DEADLINE = re.compile(
    r"\b(?:until|till|through|by|to|payable|effective|record|due|expected\s+in|as\s+early\s+as"
    r"|deadline\s+of|starting|beginning)\s+(?:early\s+|mid-?|late\s+|about\s+|around\s+)?$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['’]s\b")
# A period that "ended" on the date, or something that has held "since" it: the date is past.
_PAST_CUE = re.compile(r"\b(?:ended|since)\s+$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'’”]*\s+(?=[\"'`‘“(]*[A-Z])")
_CUE_WINDOW = 80  # characters before a timex searched for a future modal
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
    normaliser: Normaliser
    params: dict[str, Any]
    mod: str | None
    group_lexicons: dict[str, Lexicon]  # named group -> lexicon that gives its value
    # "period" or "figure_period": gets the reporting period; "names_period": sets it;
    # "anaphor": gets the last date mentioned
    context: str | None = None
    triggers: frozenset[str] = frozenset()  # see _rule_triggers


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
    alternatives: set[tuple[str, ...]] = set()
    for written, value in spec["entries"].items():
        written = str(written)
        entries[_lookup_key(written)] = value
        variants = {written, written.upper()} if spec.get("case_sensitive") else {written}
        for variant in variants:
            words = variant.split()
            units = [re.escape(char) for char in words[0]]
            for word in words[1:]:
                units += [r"\s+", *(re.escape(char) for char in word)]
            alternatives.add(tuple(units))
    if not spec.get("case_sensitive"):  # one branch per letter, whatever its case
        alternatives = {tuple(unit.lower() for unit in alt) for alt in alternatives}
    regex = _trie_regex(alternatives)
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


def _grammar() -> TimexFile:
    return language_resources("en").timex


@lru_cache(maxsize=1)
def _trigger_groups() -> dict[str, re.Pattern[str]]:
    """Trigger name -> regex: 'digit', each digit shape ('digits:year', tried where a run
    of digits starts), each trigger lexicon, each trigger word."""
    grammar = _grammar()
    spec = grammar["triggers"]
    groups = {"digit": re.compile(r"\d")}
    for name, shape in spec["digits"].items():
        groups[f"digits:{name}"] = re.compile(shape["pattern"], re.IGNORECASE)
    for name in spec["lexicons"]:
        regex = _build_lexicon(name, grammar["lexicons"][name]).regex
        groups[f"lexicon:{name}"] = re.compile(rf"(?:{regex})", re.IGNORECASE)
    for word in spec["words"]:
        groups[f"word:{word}"] = re.compile(re.escape(str(word)), re.IGNORECASE)
    return groups


# Words of a multi-word lexicon entry that make poor triggers: the entry is found by its
# other words ("the next day" by "day", "a couple of" by "couple").
_WEAK_WORDS = frozenset(
    {"a", "an", "the", "of", "that", "this", "same", "very", "s", "st", "right", "more"}
    | {"after", "before", "next", "following", "previous", "earlier", "later"}
)


def _key_word(entry: str) -> str:
    words = re.findall(r"[^\W\d_]+", entry)
    strong = [w for w in words if w.lower() not in _WEAK_WORDS] or words
    return max(strong, key=len)


@lru_cache(maxsize=1)
def _trigger_keys() -> tuple[re.Pattern[str], dict[str, list[str]], dict[str, list[str]]]:
    """One regex finding every run of digits and every word that starts with a trigger key
    (a trigger word, or the key word of a trigger lexicon entry), and the trigger names of
    each key: `folded` (lower-cased, case-insensitive triggers) and `exact` (the entries of
    case-sensitive lexicons, as written and in capitals)."""
    grammar = _grammar()
    spec = grammar["triggers"]
    folded: dict[str, list[str]] = {}
    exact: dict[str, list[str]] = {}
    for name in spec["lexicons"]:
        lexicon = grammar["lexicons"][name]
        for written in lexicon["entries"]:
            key = _key_word(str(written))
            if lexicon.get("case_sensitive"):
                for form in (key, key.upper()):
                    exact.setdefault(form, []).append(f"lexicon:{name}")
            else:
                folded.setdefault(key.lower(), []).append(f"lexicon:{name}")
    for word in spec["words"]:
        folded.setdefault(str(word).lower(), []).append(f"word:{word}")
    keys = {k.lower() for k in folded} | {k.lower() for k in exact}
    # Lower-case keys as a trie (a regex engine tries alternatives one by one; a trie tests
    # one character per level), run on the lower-cased text; the scan takes the longest key.
    scan = re.compile(rf"\d+|(?<!\w)(?:{_trie_regex(keys)})")
    return scan, folded, exact


def _trie_regex(words: set[str] | set[tuple[str, ...]]) -> str:
    """An alternation of words as a trie, longest first: words are strings (escaped here)
    or tuples of regex units (already escaped, e.g. r"\\s+")."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for unit in word if isinstance(word, tuple) else map(re.escape, word):
            node = node.setdefault(unit, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [unit + emit(node[unit]) for unit in sorted(node) if unit]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


@lru_cache(maxsize=4096)
def _names_at(found: str) -> tuple[str, ...]:
    """Trigger names of the text the scan matched: every key that is a prefix of it (the
    scan takes the longest), case-insensitively or exactly as the lexicon wants."""
    _, folded, exact = _trigger_keys()
    lower = found.lower()
    names: set[str] = set()
    for size in range(1, len(found) + 1):
        names.update(folded.get(lower[:size], ()))
        names.update(exact.get(found[:size], ()))
    return tuple(sorted(names))


@lru_cache(maxsize=1)
def _digit_shapes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((n, r) for n, r in _trigger_groups().items() if n.startswith("digits:"))


def _trigger_positions(text: str, spans: Sequence[Span]) -> dict[str, list[int]]:
    scan = _trigger_keys()[0]
    positions: dict[str, list[int]] = {name: [] for name in _trigger_groups()}
    shapes = [(positions[name], regex) for name, regex in _digit_shapes()]
    digit_positions = positions["digit"]
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer: keep offsets
        lowered = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
    for span in spans:
        for match in scan.finditer(lowered, span.start, span.end):
            start, end = match.span()
            found = text[start:end]
            if found[0].isdigit():
                digit_positions.append(start)
                for found_at, regex in shapes:
                    if regex.match(text, start):
                        found_at.append(start)
                continue
            for name in _names_at(found):
                positions[name].append(start)
    return positions


def _rule_triggers(pattern: str, body: str, lexicon_names: set[str]) -> frozenset[str]:
    """The triggers a rule mentions (words in its pattern, lexicons it uses, digits in its
    expanded body); a match contains one of them. Empty: the rule runs everywhere."""
    literal = re.sub(r"\(\?P<\w+>|\{[a-z_:0-9]+\}|\\[a-zA-Z]", " ", pattern)
    triggers = {name for name in _trigger_groups() if name.startswith("word:")}
    found = {t for t in triggers if re.search(re.escape(t[5:]), literal, re.IGNORECASE)}
    found |= {f"lexicon:{name}" for name in lexicon_names} & set(_trigger_groups())
    if re.search(r"\\d|\[\d|\[0-9|\d\]|\(\?P<\w+>\d", body):
        found.add("digit")
    return frozenset(found)


# Characters before and after a trigger that a rule may see: more than any timex reaches
# (its modifiers and quantifiers before the trigger, the rest after) plus lookaround. The
# longest tail after a trigger is about 30 characters ("Wednesday, September 30, 1998",
# "10:35 a.m. EDT, Wednesday").
_PAD_BEFORE = 60
_PAD_AFTER = 60


def _windows(text: str, spans: Sequence[Span], positions: list[int]) -> list[Span]:
    """The parts of the spans within the pads of the sorted trigger
    positions, merged, each widened to whitespace so that no word is split."""
    windows: list[Span] = []
    for span in spans:
        current: list[int] | None = None
        for position in positions:
            if not span.start <= position < span.end:
                continue
            start = max(span.start, position - _PAD_BEFORE)
            end = min(span.end, position + _PAD_AFTER)
            if current is not None and start <= current[1]:
                current[1] = max(current[1], end)
                continue
            if current is not None:
                windows.append(_snap(text, span, *current))
            current = [start, end]
        if current is not None:
            windows.append(_snap(text, span, *current))
    return windows


def _snap(text: str, span: Span, start: int, end: int) -> Span:
    while start > span.start and not text[start - 1].isspace():
        start -= 1
    while end < span.end and not text[end].isspace():
        end += 1
    return Span(start, end)


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """Compile the grammar once per process."""
    grammar = _grammar()
    known_triggers = set(_trigger_groups())
    for spec in grammar["rules"]:
        if not set(spec.get("triggers", ())) <= known_triggers:
            raise KeyError(
                f"timex.yaml: rule {spec['name']}: unknown trigger in {spec['triggers']}"
            )
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
                normaliser=_normaliser_of(spec),
                params=dict(spec.get("params") or {}),
                mod=spec.get("mod"),
                group_lexicons=groups,
                context=spec.get("context"),
                triggers=frozenset(spec["triggers"])
                if "triggers" in spec
                else _rule_triggers(
                    spec["pattern"], body, {lexicon.name for lexicon in groups.values()}
                ),
            )
        )
    return tuple(rules)


def _normaliser_of(spec: TimexRule) -> Normaliser:
    normaliser = NORMALISERS.get(spec["normaliser"])
    if normaliser is None:
        raise ResourceError(
            f"timex.yaml: rules[{spec['name']!r}]: unknown normaliser {spec['normaliser']!r}"
        )
    return normaliser


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


def _modal_cue_tense(text: str, start: int, end: int) -> str | None:
    """'future' when a modal or a plan verb leads up to the expression. Not for a possessive
    ("would fight Wednesday's ruling": the ruling is not what is planned), nor a plan that
    had already been made ("had been due to expire Friday")."""
    if _POSSESSIVE.match(text, end):
        return None
    window = text[max(0, start - _CUE_WINDOW) : start]
    # Only the expression's own sentence: "... would withdraw from Kuwait. Bush said Thursday".
    sentence_ends = list(_SENTENCE_END.finditer(window))
    if sentence_ends:
        window = window[sentence_ends[-1].end() :]
    if not _MODAL_CUE.search(window) or _PAST_PLAN.search(window):
        return None
    return "future"


def _candidates(text: str, spans: Sequence[Span]) -> list[_Candidate]:
    """Every match of every rule. A rule only runs near one of its triggers (speed)."""
    positions = _trigger_positions(text, spans)
    windows: dict[frozenset[str], list[Span]] = {}
    found = []
    for order, rule in enumerate(load_rules()):
        if not rule.triggers:
            where: Sequence[Span] = spans
        elif (known := windows.get(rule.triggers)) is not None:
            where = known
        else:
            merged = sorted({p for name in rule.triggers for p in positions[name]})
            where = windows[rule.triggers] = _windows(text, spans, merged)
        for span in where:
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
    period: str | None = None,
    reference: tuple[date, str] | None = None,
) -> Timex | None:
    rule = candidate.rule
    # Tense and schedule cues look at the whole match: a rule whose extent is only part of
    # it ("April 24 and [25]") reads the clause from where the match starts.
    cue_start, cue_end = min(start, candidate.match.start()), max(end, candidate.match.end())

    def tense() -> str | None:
        # A modal just before the expression ("would leave Thursday") is future even when
        # the parse hands back the tense of an auxiliary or of the reporting verb.
        if _PAST_CUE.search(text, max(0, cue_start - 12), cue_start):
            return "past"
        cue = _modal_cue_tense(text, cue_start, cue_end)
        if cue is not None or tense_at is None:
            return cue
        parsed = tense_at(cue_start, cue_end)
        if parsed == "past" and _DEADLINE.search(text, max(0, cue_start - 40), cue_start):
            return "present"  # "declared a dividend payable Dec. 15": the date's own tense
        return parsed

    context = Context(
        anchor=anchor,
        tense=tense,
        tense_from_parse=tense_at is not None,
        period=period,
        reference=reference,
        deadline=_DEADLINE.search(text, max(0, cue_start - 40), cue_start) is not None,
        completed=_PAST_CUE.search(text, max(0, cue_start - 12), cue_start) is not None,
    )
    fields = _fields(rule, candidate.match)
    try:
        norm = rule.normaliser(fields, context)
    except (ValueError, OverflowError):
        # Calendar arithmetic past year 1 or 9999 (an anchor at the edge of what Python's
        # dates hold): the expression cannot be given a value, so it is not emitted.
        return None
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
    """Find and normalise TIMEX3 expressions; see transforms.extraction.timex for the contract."""
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
        if _in_title(text, start, end):
            continue
        timex = _normalise(candidate, text, start, end, dct, tense_at)
        if timex is None:
            continue
        taken.append((start, end))
        chosen.append((candidate, start, end, timex))
    chosen.sort(key=lambda item: item[1])
    chosen = _apply_period_context(chosen, text, dct, tense_at)
    if mode == "news":
        return _apply_story_reference(chosen, text, dct)
    return _renormalise_narrative(chosen, text, dct, tense_at)


# A quoted title that starts with the expression: ``This Week'', "60 Minutes", ``Spring of
# Life'' name a programme or a campaign, not a time. Every word of the quote is capitalised
# (short function words aside) and the expression itself has a capital.
_OPEN_QUOTE = re.compile(r"(?:``|[\"“‘'])$")
_TITLE = re.compile(
    r"(?:\s+(?:(?-i:[A-Z0-9][\w'’.-]*)|of|the|a|an|and|for|in|on|with|to))*[,.!?]?(?:''|[\"”’'])"
)


def _in_title(text: str, start: int, end: int) -> bool:
    if not _OPEN_QUOTE.search(text, max(0, start - 2), start):
        return False
    words = text[start:end].split()
    if not any(word[0].isupper() for word in words[1:]) and not (
        len(words) == 1 and words[0][0].isupper() and not words[0][0].isdigit()
    ):
        return False
    tail = _TITLE.match(text, end)
    return tail is not None and (len(words) > 1 or tail.group().strip(" ,.!?\"'`”’") != "")


_REFERENCE = frozenset({"day", "week", "month", "year"})  # precisions anaphora count from
_QUARTER_VALUE = re.compile(r"\d{4}-Q[1-4]")
_SENTENCE_END = re.compile(r"[.!?][\"'’”]?\s+(?=[\"'‘“(]?[A-Z])")
# "a year ago" compares with the reported period when it follows a figure or a comparison
# word ("from $1.2 million a year ago", "higher than a year ago", "A year earlier, net was").
_COMPARED = re.compile(r"\d|%|\b(?:from|than|with|versus|vs\.)\b|^\W*$")
_COMPARED_WINDOW = 60
# ... unless the sentence is about another span ("the first nine months", "the full year").
_OTHER_SPAN = re.compile(
    r"\b(?:nine|six|\d+)\s+months\b|\b(?:first|second)\s+half\b|\b(?:fiscal|full)\s+year\b",
    re.IGNORECASE,
)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(0, start - 300)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, left, start + 2) if m.end() <= start]
    after = _SENTENCE_END.search(text, end, min(len(text), end + 300))
    return (ends[-1] if ends else left), (after.start() + 1 if after else min(len(text), end + 300))


def _compares_figure(text: str, start: int, end: int) -> bool:
    """Whether the expression at start..end compares a figure with the reported period."""
    begin, finish = _sentence_bounds(text, start, end)
    if _OTHER_SPAN.search(text, begin, finish):
        return False
    before = text[max(begin, start - _COMPARED_WINDOW) : start]
    return _COMPARED.search(before) is not None


def _reported_quarter(timex: Timex, dct: date | None) -> bool:
    if timex.type != "DATE" or not _QUARTER_VALUE.fullmatch(timex.value):
        return False
    return dct is None or int(timex.value[:4]) in (dct.year, dct.year - 1)


def _apply_period_context(
    chosen: list[tuple[_Candidate, int, int, Timex]],
    text: str,
    dct: date | None,
    tense_at: Callable[[int, int], str | None] | None,
) -> list[tuple[_Candidate, int, int, Timex]]:
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
                _normalise(candidate, text, start, end, dct, tense_at, reference=reference) or timex
            )
        elif context == "names_period":
            period = timex.value  # "the quarter ended Sept. 30" names the period outright
        elif context is None:
            if period is None and _reported_quarter(timex, dct):
                period = timex.value  # the first recent quarter named is the one reported on
        elif period is not None and (context == "period" or _compares_figure(text, start, end)):
            timex = _normalise(candidate, text, start, end, dct, tense_at, period) or timex
        days = interval(timex.value) if timex.type in ("DATE", "TIME") else None
        if days is not None and days.start is not None and days.precision in _REFERENCE:
            reference = (days.start, days.precision)
        result.append((candidate, start, end, timex))
    return result


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


# ---- news: the story's reference time -----------------------------------------------------

# Dates whose year is written out or fixed ("on Oct. 23, 1998", "in July 1997", "late last
# July", "in June last year") can move a news story to another period; counting from the
# DCT ("today", "last week", "three days ago", "Tuesday") brings it back.
_DATING = frozenset({"explicit_day", "explicit_month", "relative_month", "month_relative_year"})
_DEICTIC = frozenset(
    {"deictic_day", "relative_unit", "ago", "relative_weekday", "weekday", "day_next_to_weekday"}
)
_FAR = timedelta(days=14)  # a date further than this from the DCT moves the story
_PARAGRAPH = re.compile(r"\n\s*\n")
# The date is an adverbial ("on Oct. 23, 1998, he was"), not a modifier naming an event
# ("the Dec. 21, 1988, bombing", "Oct. 23, 1998's shooting").
_ADVERBIAL = re.compile(
    r"\b(?:on|in|since|during|until|till|by|from|of|at)\s+(?:early\s+|mid-?|late\s+)?$",
    re.IGNORECASE,
)
_MAX_SENTENCES = 1  # the reference holds for the rest of its sentence and the next one


def _story_reference(timex: Timex, dct: date) -> tuple[date, str] | None:
    days = interval(timex.value)
    if days.start is None or days.end is None or days.precision not in ("day", "month"):
        return None
    if days.start - dct > _FAR or dct - days.end > _FAR:
        return days.start, days.precision
    return None


def _moved(timex: Timex, name: str, fields: dict[str, Any], reference: tuple[date, str]) -> Timex:
    """An underspecified expression resolved against the story's reference instead of the
    DCT: a month alone -> the first such month from the reference month on (a story told
    from a past date moves forward: "late last July ... in August"); a time of day without
    a day -> on the reference day."""
    day, precision = reference
    if name == "month_alone":
        month = int(timex.value[5:7])
        year = day.year if month >= day.month else day.year + 1
        return dataclasses.replace(timex, value=f"{year:04d}-{month:02d}")
    if precision == "day" and "T" in timex.value:
        return dataclasses.replace(timex, value=day.isoformat() + timex.value[10:])
    return timex


def _apply_story_reference(
    chosen: list[tuple[_Candidate, int, int, Timex]],
    text: str,
    dct: date | None,
) -> list[Timex]:
    """News mode: once a sentence moves the story to a day or month far from the DCT with an
    adverbial date that has its year ("Slepian was killed on Oct. 23, 1998"), a month
    without its year or a time of day without its day, later in that sentence or in the
    next, resolves against that date; a DCT-relative expression ("today", "last week"), a
    date near the DCT or a paragraph break ends it. Weekdays stay on the DCT: news names the
    days of its own week."""
    if dct is None:
        return [timex for *_, timex in chosen]
    reference: tuple[date, str] | None = None
    since = 0  # where the reference was last set or used
    result = []
    for candidate, start, end, timex in chosen:
        if reference is not None and (
            _PARAGRAPH.search(text, since, start)
            or sum(1 for _ in _SENTENCE_END.finditer(text, since, start)) > _MAX_SENTENCES
        ):
            reference = None
        name = candidate.rule.normaliser.__name__
        fields = {k: v for k, v in candidate.match.groupdict().items() if v}
        if name in _DATING and timex.type == "DATE":
            if not _POSSESSIVE.match(text, end) and (
                name in ("relative_month", "month_relative_year")  # "last July" is adverbial
                or _ADVERBIAL.search(text, max(0, start - 20), start)
            ):
                reference = _story_reference(timex, dct)
                since = end
        elif name == "anaphoric" and reference is not None:  # "the following year"
            days = interval(timex.value)
            if days.start is not None and days.precision in ("day", "month", "year"):
                reference, since = (days.start, days.precision), end
        elif name in _DEICTIC or timex.basis == "explicit" and timex.type in ("DATE", "TIME"):
            reference = None
        elif (
            reference is not None
            and timex.basis == "relative"
            and (
                name == "month_alone"
                or name in ("clock_time", "part_of_day")
                and not fields.keys() & {"weekday", "relative", "deictic_day", "month"}
            )
        ):
            timex = _moved(timex, name, fields, reference)
            since = end
        result.append(timex)
    return result
