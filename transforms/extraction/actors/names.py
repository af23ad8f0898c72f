"""One name, one key: how written names are folded and respelled, so that "Erdoğan" and
"Erdogan", "Kim Jong-un" and "Kim Jong Un", "Bashar al-Assad" and "Bashar Assad",
"Zelenskiy" and "Zelensky" are one actor in every document."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from transforms.model import ActorType

_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"[-‐‑‒–—]")


def fold(name: str) -> str:
    """The form two spellings of one name share: accents dropped, case folded, hyphens as
    spaces, curly apostrophes straight, a leading "the" dropped."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _DASHES.sub(" ", plain.replace("’", "'").replace("‘", "'")).casefold()
    plain = _SPACES.sub(" ", plain).strip()
    return plain[4:] if plain.startswith("the ") else plain


def actor_key(
    name: str,
    actor_type: ActorType,
    article_prefixes: tuple[str, ...] = (),
    given_names: Mapping[str, str] | None = None,
    countries: Mapping[str, str] | None = None,
) -> str:
    """A key stable across documents: names that fold alike (and differ only by an article
    prefix such as "al-") give the same key for the same type; a person's familiar given
    name keys as its full form ("Bob Dudley" as "Robert Dudley"); an organisation named
    after its country keys by the country's name, however written ("U.S. Coast Guard",
    "US Coast Guard" and "United States Coast Guard" as "united states coast guard")."""
    words = [
        word[len(prefix) :] if (prefix := _prefix(word, article_prefixes)) else word
        for word in name.split()
    ]
    folded = fold(" ".join(words))
    if actor_type == "person" and given_names and " " in folded:
        first, rest = folded.split(" ", 1)
        folded = f"{given_names.get(first, first)} {rest}"
    if actor_type == "organisation" and countries:
        folded = _national(folded, countries)
    return f"{actor_type}:{folded}"


def _national(folded: str, countries: Mapping[str, str]) -> str:
    """`folded` with the country its first words name written as the country's name,
    the longest such words first; a country's name alone is no organisation's."""
    words = folded.split(" ")
    for count in range(len(words) - 1, 0, -1):
        country = countries.get(" ".join(words[:count]))
        if country is not None:
            return " ".join([country, *words[count:]])
    return folded


def _prefix(word: str, prefixes: tuple[str, ...]) -> str | None:
    return next((p for p in prefixes if word.startswith(p) and len(word) > len(p)), None)


def respelled(name: str, names: Mapping[str, str], spellings: Mapping[str, str]) -> str:
    """The spelling a name is used in: a whole-name variant, else each word's variant
    ("Volodymyr Zelenskiy" -> "Volodymyr Zelensky")."""
    whole = names.get(fold(name))
    if whole is not None:
        return whole
    return " ".join(spellings.get(fold(word), word) for word in name.split())
