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
# Not part of extraction: changing a chart, an export or an evaluation format must not
# make the whole corpus stale.
_SKIP = {"charts.py", "exports.py", "semeval.py", "timeml.py", "values.py"}


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
