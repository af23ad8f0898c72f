"""Loading the rule and lexicon files under `transforms/resources/<language>/`.

Rules are data so that a linguist can extend them without touching the engines; the files
ship inside the package, so reading them is not input the pipeline depends on.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

RESOURCES = Path(__file__).parent / "resources"


@cache
def load_resource(language: str, name: str) -> Any:
    path = RESOURCES / language / name
    if not path.is_file():
        raise FileNotFoundError(f"no resource {name!r} for language {language!r} at {path}")
    return yaml.safe_load(path.read_text(encoding="utf-8"))
