"""Where rules may match at all: the triggers of timex.yaml, found in one scan of the text.

A rule runs only in windows around its own triggers (a run of digits of a given shape, a
trigger word, an entry of a trigger lexicon); outputs are identical to running every rule
over the whole text (a test checks this), at a fraction of the cost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from transforms.extraction.timex.lexicons import build_lexicon, trie_regex
from transforms.model import Span
from transforms.resources.loader import ResourceError, language_resources
from transforms.resources.schema import TimexFile


def _grammar() -> TimexFile:
    return language_resources("en").timex


@cache
def trigger_groups() -> dict[str, re.Pattern[str]]:
    """Trigger name -> regex: 'digit', each digit shape ('digits:year', tried where a run
    of digits starts), each trigger lexicon, each trigger word."""
    grammar = _grammar()
    spec = grammar["triggers"]
    groups = {"digit": re.compile(r"\d")}
    for name, shape in spec["digits"].items():
        groups[f"digits:{name}"] = re.compile(shape["pattern"], re.IGNORECASE)
    for name in spec["lexicons"]:
        if name not in grammar["lexicons"]:
            raise ResourceError(f"timex.yaml: triggers.lexicons: no lexicon {name!r}")
        regex = build_lexicon(name, grammar["lexicons"][name]).regex
        groups[f"lexicon:{name}"] = re.compile(rf"(?:{regex})", re.IGNORECASE)
    for word in spec["words"]:
        groups[f"word:{word}"] = re.compile(re.escape(str(word)), re.IGNORECASE)
    return groups


def _key_word(entry: str, weak_words: frozenset[str]) -> str:
    """The word a lexicon entry is found by: its longest word that is not a weak one."""
    words = re.findall(r"[^\W\d_]+", entry)
    strong = [w for w in words if w.lower() not in weak_words] or words
    return max(strong, key=len)


@cache
def _trigger_keys() -> tuple[re.Pattern[str], dict[str, list[str]], dict[str, list[str]]]:
    """One regex finding every run of digits and every word that starts with a trigger key
    (a trigger word, or the key word of a trigger lexicon entry), and the trigger names of
    each key: `folded` (lower-cased, case-insensitive triggers) and `exact` (the entries of
    case-sensitive lexicons, as written and in capitals)."""
    grammar = _grammar()
    spec = grammar["triggers"]
    weak_words = frozenset(str(word).lower() for word in spec["weak_words"])
    folded: dict[str, list[str]] = {}
    exact: dict[str, list[str]] = {}
    for name in spec["lexicons"]:
        lexicon = grammar["lexicons"][name]
        for written in lexicon["entries"]:
            key = _key_word(str(written), weak_words)
            if lexicon.get("case_sensitive"):
                for form in (key, key.upper()):
                    exact.setdefault(form, []).append(f"lexicon:{name}")
            else:
                folded.setdefault(key.lower(), []).append(f"lexicon:{name}")
    for word in spec["words"]:
        folded.setdefault(str(word).lower(), []).append(f"word:{word}")
    keys = {k.lower() for k in folded} | {k.lower() for k in exact}
    # Lower-case keys as a trie, run on the lower-cased text; the scan takes the longest key.
    scan = re.compile(rf"\d+|(?<!\w)(?:{trie_regex(keys)})")
    return scan, folded, exact


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


@cache
def _digit_shapes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((n, r) for n, r in trigger_groups().items() if n.startswith("digits:"))


def trigger_positions(text: str, spans: Sequence[Span]) -> dict[str, list[int]]:
    """Trigger name -> the offsets where it occurs in the spans, in text order."""
    scan = _trigger_keys()[0]
    positions: dict[str, list[int]] = {name: [] for name in trigger_groups()}
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


def rule_triggers(pattern: str, body: str, lexicon_names: set[str]) -> frozenset[str]:
    """The triggers a rule mentions (words in its pattern, lexicons it uses, digits in its
    expanded body); a match contains one of them. Empty: the rule runs everywhere."""
    literal = re.sub(r"\(\?P<\w+>|\{[a-z_:0-9]+\}|\\[a-zA-Z]", " ", pattern)
    triggers = {name for name in trigger_groups() if name.startswith("word:")}
    found = {t for t in triggers if re.search(re.escape(t[5:]), literal, re.IGNORECASE)}
    found |= {f"lexicon:{name}" for name in lexicon_names} & set(trigger_groups())
    if re.search(r"\\d|\[\d|\[0-9|\d\]|\(\?P<\w+>\d", body):
        found.add("digit")
    return frozenset(found)


# Characters before and after a trigger that a rule may see: more than any timex reaches
# (its modifiers and quantifiers before the trigger, the rest after) plus lookaround. The
# longest tail after a trigger is about 30 characters ("Wednesday, September 30, 1998",
# "10:35 a.m. EDT, Wednesday").
_PAD_BEFORE = 60
_PAD_AFTER = 60


def windows(text: str, spans: Sequence[Span], positions: list[int]) -> list[Span]:
    """The parts of the spans within the pads of the sorted trigger
    positions, merged, each widened to whitespace so that no word is split."""
    found: list[Span] = []
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
                found.append(_snap(text, span, *current))
            current = [start, end]
        if current is not None:
            found.append(_snap(text, span, *current))
    return found


def _snap(text: str, span: Span, start: int, end: int) -> Span:
    while start > span.start and not text[start - 1].isspace():
        start -= 1
    while end < span.end and not text[end].isspace():
        end += 1
    return Span(start, end)
