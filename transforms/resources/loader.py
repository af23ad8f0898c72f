"""Loading the rule and lexicon files under `transforms/resources/<language>/`.

Rules are data so that a linguist can extend them without touching the engines; the files
ship inside the package, so reading them is not input the pipeline depends on.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

RESOURCES = Path(__file__).parent
# A language reaches here from document metadata: only a bare language code may become
# part of a path, never "../x".
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_NAME = re.compile(r"[a-z0-9_]+\.yaml")


@cache
def load_resource(language: str, name: str) -> Any:
    if not _LANGUAGE.fullmatch(language) or not _NAME.fullmatch(name):
        raise ValueError(f"not a resource: language {language!r}, name {name!r}")
    path = RESOURCES / language / name
    if not path.is_file():
        raise FileNotFoundError(f"no resource {name!r} for language {language!r} at {path}")
    return yaml.safe_load(path.read_text(encoding="utf-8"))
