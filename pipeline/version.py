"""The extractor version stored on every document and folded into every event id.

It is a hash of what extraction depends on: the ingestion and extraction stages, their
resource files and the records they exchange. Any change to a rule or lexicon is therefore
seen by the nightly rebuild without anyone remembering to bump a number, while a change to
charts, exports, summaries or evaluation formats (which live elsewhere) never marks the
corpus stale.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import transforms

RELEASE = "1"
# What an extraction is a function of, relative to the transforms package.
EXTRACTION_INPUTS = ("model.py", "ingestion", "extraction", "resources")


@cache
def extractor_version() -> str:
    root = Path(transforms.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(_files(root)):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{RELEASE}.{digest.hexdigest()[:10]}"


def _files(root: Path) -> list[Path]:
    found: list[Path] = []
    for name in EXTRACTION_INPUTS:
        entry = root / name
        candidates = [entry] if entry.is_file() else entry.rglob("*")
        found += [p for p in candidates if p.suffix in (".py", ".yaml") and p.is_file()]
    return found
