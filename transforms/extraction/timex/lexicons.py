"""timex.yaml's lexicons compiled: each a table of values and one regex alternation.

An alternation of many words is written as a trie (a regex engine tries alternatives one by
one; a trie tests one character per level), which the trigger scan uses too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from transforms.resources.schema import Lexicon as LexiconSpec


@dataclass(frozen=True)
class Lexicon:
    name: str
    entries: dict[str, Any]  # lower-cased, whitespace-collapsed text -> value
    regex: str  # alternation, without the surrounding group
    has_digits_alternative: bool


def lookup_key(text: str) -> str:
    return " ".join(text.lower().split())


def build_lexicon(name: str, spec: LexiconSpec) -> Lexicon:
    entries: dict[str, Any] = {}
    alternatives: set[tuple[str, ...]] = set()
    for written, value in spec["entries"].items():
        written = str(written)
        entries[lookup_key(written)] = value
        variants = {written, written.upper()} if spec.get("case_sensitive") else {written}
        for variant in variants:
            words = variant.split()
            units = [re.escape(char) for char in words[0]]
            for word in words[1:]:
                units += [r"\s+", *(re.escape(char) for char in word)]
            alternatives.add(tuple(units))
    if not spec.get("case_sensitive"):  # one branch per letter, whatever its case
        alternatives = {tuple(unit.lower() for unit in alt) for alt in alternatives}
    regex = trie_regex(alternatives)
    if spec.get("case_sensitive"):
        regex = f"(?-i:{regex})"
    if spec.get("also"):
        regex = f"{regex}|{spec['also']}"
    return Lexicon(name, entries, regex, bool(spec.get("also")))


def trie_regex(words: set[str] | set[tuple[str, ...]]) -> str:
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
