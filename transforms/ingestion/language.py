"""Which language a document is processed in.

The language comes from the document's own metadata, and the extraction stages look their rule
files up by it, so it is checked here, once, before anything downstream sees it. The languages
that can be processed are the resources loader's (`transforms.resources.loader.languages`: the
resource folders present, each holding every rule file).
"""

from __future__ import annotations

import re

from transforms.model import Rejection
from transforms.resources.loader import languages

DEFAULT_LANGUAGE = "en"
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")


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
    if not _LANGUAGE_TAG.fullmatch(normalised):
        return Rejection(
            path="",
            reason=f"language {written!r} is not a language code such as 'en' or 'en-GB'",
            error_class="bad_language",
        )
    primary = normalised.split("-", 1)[0]
    if primary not in languages():
        return Rejection(
            path="",
            reason=f"language {written!r} has no extraction rules (available: "
            f"{', '.join(languages())}); the document cannot be processed",
            error_class="unsupported_language",
        )
    return primary
