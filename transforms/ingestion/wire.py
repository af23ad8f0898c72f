"""Wire-copy conventions, kept as data in resources/<lang>/wire.yaml, and the line tests they drive.

News agencies frame a story with furniture: a byline ("By Jane Doe, Reuters"), a dateline
("LONDON, May 9 (Reuters) -"), credit lines ("(Reporting by ...)") and slugs at the bottom.
`WireRules` is one language's conventions compiled once; the functions here decide whether one
line is such furniture and read what it says. Where the lines sit in a text is
`transforms.ingestion.layout`'s business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from transforms.ingestion.language import DEFAULT_LANGUAGE
from transforms.model import Span
from transforms.resources.loader import wire_resource


@dataclass(frozen=True)
class WireRules:
    """Compiled wire-copy conventions for one language."""

    agencies: dict[str, str]  # lower-cased agency as written -> source name
    max_unknown_agency_words: int
    months: dict[str, int]
    lowercase_particles: frozenset[str]
    headline_min_words: int
    headline_max_chars: int
    headline_max_words: int
    headline_final_punctuation: str
    byline_opener: re.Pattern[str]
    byline_separators: re.Pattern[str]
    byline_max_chars: int
    max_leading_paragraphs: int
    dateline: re.Pattern[str]
    agency_dateline: re.Pattern[str]
    titled_dateline: re.Pattern[str]
    credit_line: re.Pattern[str]
    credit_max_chars: int
    trailer_lines: tuple[re.Pattern[str], ...]
    url_dates: tuple[re.Pattern[str], ...]  # a day in a story's address (year, month, day)
    published_years: tuple[int, int]  # plausible publication years, inclusive


@cache
def wire_rules(language: str = DEFAULT_LANGUAGE) -> WireRules:
    """Load a language's wire rules once; languages without their own file use English rules."""
    base = language.split("-")[0].split("_")[0].lower()
    package = base if re.fullmatch(r"[a-z]{2,3}", base) else DEFAULT_LANGUAGE
    try:
        raw = wire_resource(package)
    except (ModuleNotFoundError, FileNotFoundError):
        if package == DEFAULT_LANGUAGE:
            raise
        return wire_rules(DEFAULT_LANGUAGE)
    return _compile_rules(raw)


def _compile_rules(raw: dict[str, Any]) -> WireRules:
    months = {str(name).lower(): int(number) for name, number in raw["months"].items()}
    month_alternation = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    place_word = r"[A-Z][A-Z.'’/\-]*"
    # Upper-case place, optional title-case region ("AUSTIN, Texas"), optional date, optional
    # "(Agency)", then a dash. Whether a match is really a dateline (it needs an agency, a
    # date, a region or a place of several words) is decided in code.
    dateline = re.compile(
        rf"(?P<place>[A-Z][A-Z.'’/\-]+(?:[ \t]+{place_word})*)"
        rf"(?:,[ \t]+(?!(?i:{month_alternation})\b)"
        r"(?P<region>[A-Z][A-Za-z.'’\-]*(?:[ \t]+[A-Z][A-Za-z.'’\-]*)?))?"
        rf"(?:,[ \t]+(?P<month>(?i:{month_alternation}))\.?[ \t]+(?P<day>\d{{1,2}})"
        r"(?:,[ \t]*(?P<year>\d{4}))?)?"
        r"[ \t]*(?:\((?P<agency>[^()\n]{1,40})\))?"
        r"[ \t]*(?:--|[-–—])[ \t]*"
    )
    # A dateline without a place: a broadcaster's ("(CNN) —", "(WXYZ / AP) –"), or an
    # agency's with the day ("July 4 (Reuters) -", where a hyphen closes it too).
    agency_dateline = re.compile(
        rf"(?:(?P<month>(?i:{month_alternation}))\.?[ \t]+(?P<day>\d{{1,2}})[ \t]+)?"
        r"\((?P<agency>[A-Z][A-Za-z&.]{1,15}(?:(?:[ \t]+|[ \t]*/[ \t]*)[A-Z][A-Za-z&.]+){0,2})\)"
        r"[ \t]*(?:--|[–—]|(?(month)-|(?!)))[ \t]*"
    )
    # A broadcaster's place in title case and its name, in brackets or not, then a dash
    # ("Washington CNN —", "Hong Kong (CNN) —"): only a known agency's, so "Paris
    # Saint-Germain (PSG) — the club" stays prose.
    known = "|".join(sorted((re.escape(str(a)) for a in raw["agencies"]), key=len, reverse=True))
    particles = "|".join(re.escape(str(p)) for p in raw["lowercase_particles"])
    titled_word = r"[A-Z][a-z.'’\-]+"
    titled_dateline = re.compile(
        rf"(?P<place>{titled_word}(?:[ \t]+(?:(?:{particles})[ \t]+)?{titled_word})*)"
        r"(?:,[ \t]+(?P<region>[A-Z][A-Za-z.'’\-]*(?:[ \t]+[A-Z][A-Za-z.'’\-]*)?))?"
        rf"[ \t]+(?P<bracket>\()?(?P<agency>{known})(?(bracket)\))"
        r"[ \t]*(?:--|[–—])[ \t]*"
    )
    openers = "|".join(
        sorted((re.escape(str(o)) for o in raw["credit_openers"]), key=len, reverse=True)
    )
    credit_line = re.compile(rf"(?P<paren>\()?[ \t]*(?i:{openers})[ \t]+(?i:by)[ \t]+(?P<first>\S)")
    byline = raw["byline"]
    separators = "|".join(
        r"\s*,\s*" if sep == "," else rf"\s+{re.escape(str(sep))}\s+"
        for sep in byline["separators"]
    )
    headline = raw["headline"]
    return WireRules(
        agencies={str(k).lower(): str(v) for k, v in raw["agencies"].items()},
        max_unknown_agency_words=int(raw["max_unknown_agency_words"]),
        months=months,
        lowercase_particles=frozenset(str(p).lower() for p in raw["lowercase_particles"]),
        headline_min_words=int(headline["min_words"]),
        headline_max_chars=int(headline["max_chars"]),
        headline_max_words=int(headline["max_words"]),
        headline_final_punctuation=str(headline["final_punctuation"]),
        byline_opener=re.compile(rf"(?i:{re.escape(str(byline['opener']))})[ \t]+(?P<rest>.+)"),
        byline_separators=re.compile(separators),
        byline_max_chars=int(byline["max_chars"]),
        max_leading_paragraphs=int(byline["max_leading_paragraphs"]),
        dateline=dateline,
        agency_dateline=agency_dateline,
        titled_dateline=titled_dateline,
        credit_line=credit_line,
        credit_max_chars=int(raw["credit_max_chars"]),
        trailer_lines=tuple(re.compile(str(p)) for p in raw["trailer_patterns"]),
        url_dates=tuple(re.compile(str(p)) for p in raw["url_dates"]),
        published_years=(int(raw["published_years"][0]), int(raw["published_years"][1])),
    )


# A broadcaster or paper by its initials after a byline's names: "By Jane Doe, CNN".
_OUTLET_INITIALS = re.compile(r"[A-Z]{2,6}")


@dataclass(frozen=True)
class Dateline:
    text: str  # the dateline as written, dash included
    place: str | None  # title-cased; None for "(CNN) —"
    agency: str | None  # as written
    month: int | None
    day: int | None
    year: int | None
    end: int  # offset in the document text where the story proper starts


@dataclass(frozen=True)
class Byline:
    names: str | None  # as written, without the "By" and without a trailing agency
    agency: str | None


def agency_name(agency: str, rules: WireRules) -> str:
    """The source an agency as written stands for ("AFP" -> "Agence France-Presse")."""
    return rules.agencies.get(agency.strip().lower(), agency.strip())


def parse_byline(line: str, rules: WireRules) -> Byline | None:
    """A "By ..." line whose rest is person names, optionally ending with an agency."""
    if len(line) > rules.byline_max_chars:
        return None
    opened = rules.byline_opener.fullmatch(line)
    if opened is None:
        return None
    names = opened.group("rest").strip()
    agency: str | None = None
    separators = list(rules.byline_separators.finditer(names))
    last_piece = names[separators[-1].end() :] if separators else names
    if last_piece.strip().lower() in rules.agencies or _OUTLET_INITIALS.fullmatch(
        last_piece.strip()
    ):
        agency = last_piece.strip()
        names = names[: separators[-1].start()].strip() if separators else ""
    if not names:
        return Byline(names=None, agency=agency) if agency else None
    if not all(_looks_like_name(piece, rules) for piece in rules.byline_separators.split(names)):
        return None
    return Byline(names=names, agency=agency)


def _looks_like_name(piece: str, rules: WireRules) -> bool:
    words = piece.split()
    if not 2 <= len(words) <= 5:
        return False
    significant = [word for word in words if word.lower() not in rules.lowercase_particles]
    if not significant or not words[0][0].isupper():
        return False
    return all(
        word[0].isupper() and all(ch.isalpha() or ch in ".'’-" for ch in word)
        for word in significant
    )


def dateline_match(line: str, rules: WireRules) -> re.Match[str] | None:
    """The dateline opening a line, only if it is one: it carries an agency or a date, or,
    closed by a dash rather than a hyphen, a region ("KANSAS CITY, Mo. —") or a place of
    several words ("NEW YORK —"); "NATO - the alliance" is prose. A broadcaster's own
    dateline ("(CNN) —") has an agency and no place, or its place in title case ("Washington
    CNN —")."""
    match = rules.dateline.match(line)
    if match is None:
        return rules.agency_dateline.match(line) or rules.titled_dateline.match(line)
    agency = match.group("agency")
    if agency is not None:
        known = agency.strip().lower() in rules.agencies
        if not known and len(agency.split()) > rules.max_unknown_agency_words:
            return None
    if agency is None and match.group("month") is None:
        dashed = match.group(0).rstrip().endswith(("—", "–", "--"))
        several = match.group("region") is not None or len(match.group("place").split()) > 1
        if not (dashed and several):
            return None
    return match


def parse_dateline(text: str, first_line: Span, rules: WireRules) -> Dateline | None:
    """The dateline opening the story's first line, read into place, agency and date."""
    found = read_dateline(text[first_line.start : first_line.end], rules)
    return replace(found, end=first_line.start + found.end) if found else None


def read_dateline(line: str, rules: WireRules) -> Dateline | None:
    """The dateline opening `line`, its `end` counted from the line's start."""
    match = dateline_match(line, rules)
    if match is None:
        return None
    found = match.groupdict()
    place = _title_case_place(found["place"], rules) if found.get("place") else None
    if place and found.get("region"):
        place = f"{place}, {found['region']}"
    month_name = found.get("month")
    return Dateline(
        text=match.group(0).strip(),
        place=place,
        agency=found["agency"].strip() if found.get("agency") else None,
        month=rules.months[month_name.lower()] if month_name else None,
        day=int(found["day"]) if found.get("day") else None,
        year=int(found["year"]) if found.get("year") else None,
        end=match.end(),
    )


def _title_case_place(place: str, rules: WireRules) -> str:
    """ "RIO DE JANEIRO" -> "Rio de Janeiro", "ST. PETERSBURG" -> "St. Petersburg"."""
    words = place.split()
    return " ".join(
        word.lower() if index and word.lower() in rules.lowercase_particles else word.title()
        for index, word in enumerate(words)
    )


def is_credit_line(line: str, rules: WireRules) -> bool:
    """A "(Reporting by ...; Editing by ...)" line: who wrote the story, not what happened."""
    if len(line) > rules.credit_max_chars:
        return False
    match = rules.credit_line.match(line)
    if match is None:
        return False
    if match.group("paren"):
        return line.rstrip(" .").endswith(")")
    # Without brackets, "Reporting by the ministry showed..." is prose: credits name people.
    return match.group("first").isupper()


def is_trailer_line(line: str, rules: WireRules) -> bool:
    """A line that may end wire copy below the story: a credit or an agency's slug."""
    return is_credit_line(line, rules) or any(p.fullmatch(line) for p in rules.trailer_lines)
