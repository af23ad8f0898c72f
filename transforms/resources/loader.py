"""Loading the rule and lexicon files under `transforms/resources/<language>/`, checked.

Rules are data so that a linguist can extend them without touching the engines; the files
ship inside the package, so reading them is not input the pipeline depends on. Each file is
checked against its declaration in `schema.py` when it is first loaded: an unknown or
missing key is an error that names the file and the key. The languages are the folders
present: adding a language is adding a folder with every file of `schema.FILES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from transforms.resources.schema import (
    FILES,
    ActorsFile,
    AliasesFile,
    EventsFile,
    GazetteerFile,
    LayoutFile,
    PloverFile,
    SalienceFile,
    TimexFile,
    WireFile,
)
from transforms.resources.validation import ResourceError, check

RESOURCES = Path(__file__).parent
# A language reaches here from document metadata: only a bare language code may become
# part of a path, never "../x".
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_NAME = re.compile(r"[a-z0-9_]+\.yaml")

__all__ = [
    "LanguageResources",
    "ResourceError",
    "language_resources",
    "languages",
    "load_resource",
    "wire_resource",
]


@dataclass(frozen=True)
class LanguageResources:
    """Every resource file of one language, checked: what the extraction engines read."""

    language: str
    timex: TimexFile
    actors: ActorsFile
    events: EventsFile
    plover: PloverFile
    salience: SalienceFile
    wire: WireFile
    layout: LayoutFile
    gazetteer: GazetteerFile
    aliases: AliasesFile


@cache
def languages() -> tuple[str, ...]:
    """The languages that have a resource folder, sorted."""
    return tuple(
        sorted(p.name for p in RESOURCES.iterdir() if p.is_dir() and _LANGUAGE.fullmatch(p.name))
    )


@cache
def load_resource(language: str, name: str) -> Any:
    """One resource file as written (examples included), checked against its schema."""
    if not _LANGUAGE.fullmatch(language) or not _NAME.fullmatch(name) or name not in FILES:
        raise ValueError(f"not a resource: language {language!r}, name {name!r}")
    path = RESOURCES / language / name
    if not path.is_file():
        raise FileNotFoundError(f"no resource {name!r} for language {language!r} at {path}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    check(data, FILES[name], f"{language}/{name}")
    return data


@cache
def language_resources(language: str) -> LanguageResources:
    """All of a language's files, each checked; a file the schema does not know is an error."""
    if language not in languages():
        raise FileNotFoundError(
            f"no resources for language {language!r} (available: {', '.join(languages())})"
        )
    unknown = sorted(p.name for p in (RESOURCES / language).glob("*.yaml") if p.name not in FILES)
    if unknown:
        raise ResourceError(
            f"{language}/{unknown[0]}: not a resource file (known: {', '.join(FILES)})"
        )
    return LanguageResources(
        language=language,
        timex=load_resource(language, "timex.yaml"),
        actors=load_resource(language, "actors.yaml"),
        events=load_resource(language, "events.yaml"),
        plover=load_resource(language, "plover.yaml"),
        salience=load_resource(language, "salience.yaml"),
        wire=load_resource(language, "wire.yaml"),
        layout=load_resource(language, "layout.yaml"),
        gazetteer=load_resource(language, "gazetteer.yaml"),
        aliases=load_resource(language, "aliases.yaml"),
    )


def wire_resource(language: str) -> dict[str, Any]:
    """wire.yaml, checked, as the ingestion side compiles it: the rules without their
    examples (a trailer or URL date pattern is its regular expression)."""
    wire = language_resources(language).wire
    rules: dict[str, Any] = {key: value for key, value in wire.items() if key != "examples"}
    rules["byline"] = {k: v for k, v in wire["byline"].items() if k != "examples"}
    rules["trailer_patterns"] = [rule["pattern"] for rule in wire["trailer_patterns"]]
    rules["url_dates"] = [rule["pattern"] for rule in wire["url_dates"]]
    return rules
