"""Which language a document is processed in: its tag, else the language its text is in.

The language comes from the document's own metadata when it has a tag (a tagged language
always wins), and is detected from the text otherwise, so an untagged Spanish article is
never read with English rules. The extraction stages look their rule files up by it, so it
is checked here, once, before anything downstream sees it: a language without rules is
quarantined (`unsupported_language`). The languages that can be processed are the resources
loader's (`transforms.resources.loader.languages`: the resource folders present, each
holding every rule file).

Detection is py3langid (a maintained fork of langid.py, a naive Bayes model over byte
n-grams shipped inside the package): measured against lingua-language-detector it was as
accurate on whole articles and several times faster, with a twentieth of the install (the
comparison is in docs/architecture.md). It is imported and its model loaded on the first
untagged document only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from transforms.model import Rejection
from transforms.resources.loader import languages

DEFAULT_LANGUAGE = "en"
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")

# How much of a text the detector reads: the opening of an article says its language, and
# the detector's cost grows with the length (2,000 characters: 7 ms, a whole long article
# 22 ms; the same answers on 2,306 news articles).
DETECTION_SAMPLE_CHARS = 2000
# A text is refused as in a language without rules only when the detector gives all the
# languages with rules together less than this probability. On whole news pages it is 1.0 or
# 0.0; on one line of 20-60 characters an English line never fell below 0.016 and a Spanish,
# German or French one never rose above 0.002 (news-dev, 30 pages). A one-line text the
# detector cannot place ("Story.", a headline of names) is thus kept, in the likeliest
# language with rules, instead of being refused.
MIN_RULES_PROBABILITY = 0.01

# tag: the document's metadata said; detected: the detector's first choice has rules;
# likeliest: the detector could not tell, and the language with rules it gave most to was
# taken; default: the text has no letters to tell by.
LanguageBasis = Literal["tag", "detected", "likeliest", "default"]


@dataclass(frozen=True)
class LanguageChoice:
    """The language a document is processed in and how it was chosen."""

    language: str
    basis: LanguageBasis
    # The detector's answer when the text was read: its language and probability.
    detected: str | None = None
    confidence: float | None = None


def document_language(tag: str | None, text: str = "") -> LanguageChoice | Rejection:
    """The language a document is processed in: the primary subtag of its language tag, or,
    without a tag, the language detected in its text.

    "en-GB", "en_us" and "EN" are all English. The value comes from the document, and the
    extraction stages look their rule files up by it, so only a well-formed tag is accepted
    (never "../x"), and only a language that has extraction rules: a German feed item is
    quarantined as such instead of failing the run when its rules are not found.
    """
    if not tag or not tag.strip():
        return _detected_language(text)
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
        return _unsupported(repr(written))
    return LanguageChoice(primary, "tag")


def _detected_language(text: str) -> LanguageChoice | Rejection:
    ranked = detect_languages(text)
    if not ranked:
        return LanguageChoice(DEFAULT_LANGUAGE, "default")
    top, top_probability = ranked[0]
    with_rules = [(language, p) for language, p in ranked if language in languages()]
    if sum(p for _, p in with_rules) < MIN_RULES_PROBABILITY:
        return _unsupported(f"{top!r} (detected, probability {top_probability:.2f})")
    language, probability = with_rules[0]
    basis: LanguageBasis = "detected" if language == top else "likeliest"
    return LanguageChoice(language, basis, top, top_probability)


def _unsupported(described: str) -> Rejection:
    return Rejection(
        path="",
        reason=f"language {described} has no extraction rules (available: "
        f"{', '.join(languages())}); the document cannot be processed",
        error_class="unsupported_language",
    )


def detect_languages(text: str) -> list[tuple[str, float]]:
    """The languages (ISO 639 codes) a text's opening may be written in, with their
    probabilities, likeliest first; empty for a text without letters."""
    sample = text[:DETECTION_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return []
    return [(str(language), float(p)) for language, p in _identifier().rank(sample)]


@cache
def _identifier() -> Any:
    """The detector, loaded once per process and only when a text needs it (about 1 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
