"""The extractor version stored on every document and folded into every event id.

It is derived from the extraction code and its resource files, so any change to a rule
or lexicon is seen by the nightly rebuild without anyone remembering to bump a number.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import transforms

RELEASE = "1"
_SKIP = {"charts.py"}  # presentation only: changing a chart must not re-extract the corpus


@cache
def extractor_version() -> str:
    root = Path(transforms.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".py", ".yaml") or path.name in _SKIP or "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{RELEASE}.{digest.hexdigest()[:10]}"
