"""Which language a document is processed in, and which languages can be processed at all.

The language comes from the document's own metadata, and the extraction stages look their rule
files up by it, so it is checked here, once, before anything downstream sees it.
"""

from __future__ import annotations

import re
from functools import cache

from transforms.model import Rejection
from transforms.resources.loader import RESOURCES

DEFAULT_LANGUAGE = "en"
# The rule files the extraction stages load for a document's language (extraction/actors.py,
# extraction/events.py); a language without all of them cannot be processed.
EXTRACTION_RESOURCES: tuple[str, ...] = ("actors.yaml", "events.yaml", "plover.yaml")
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")


def document_language(tag: str | None) -> str | Rejection:
    """The language a document is processed in: the primary subtag of its language tag.

    "en-GB", "en_us" and "EN" are all English. The value comes from the document, and the
    extraction stages look their rule files up by it, so only a well-formed tag is accepted
    (never "../x"), and only a language that has extraction rules: a German feed item is
    quarantined as such instead of failing the run when its rules are not found.
    """
    if not tag or not tag.strip():
        return DEFAULT_LANGUAGE
    written = tag.strip()
    normalised = written.lower().replace("_", "-")
    if not LANGUAGE_TAG.fullmatch(normalised):
        return Rejection(
            path="",
            reason=f"language {written!r} is not a language code such as 'en' or 'en-GB'",
            error_class="bad_language",
        )
    primary = normalised.split("-", 1)[0]
    available = supported_languages()
    if primary not in available:
        return Rejection(
            path="",
            reason=f"language {written!r} has no extraction rules (available: "
            f"{', '.join(sorted(available))}); the document cannot be processed",
            error_class="unsupported_language",
        )
    return primary


@cache
def supported_languages() -> frozenset[str]:
    """Languages with every rule file extraction loads, under transforms/resources/<lang>/."""
    return frozenset(
        entry.name
        for entry in RESOURCES.iterdir()
        if entry.is_dir()
        and LANGUAGE_TAG.fullmatch(entry.name)
        and all(entry.joinpath(name).is_file() for name in EXTRACTION_RESOURCES)
    )
