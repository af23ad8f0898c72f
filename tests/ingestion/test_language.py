"""Language: a tag wins; without one the text's language is detected, and a language
without rules is quarantined instead of being read with English rules."""

from __future__ import annotations

import pytest

from tests.ingestion.helpers import cleaned
from transforms.ingestion.documents import clean
from transforms.ingestion.language import LanguageChoice, detect_languages, document_language
from transforms.model import Document, Rejection, SourceText

# Invented articles, a few sentences each, as an untagged feed item would bring them.
SPANISH = (
    "El ayuntamiento aprobó el jueves un nuevo plan de transporte para la ciudad. "
    "El alcalde dijo que las obras comenzarán en marzo y durarán dos años."
)
GERMAN = (
    "Der Stadtrat hat am Mittwoch einen neuen Haushalt beschlossen. "
    "Die Bürgermeisterin sagte, die Schulen würden zuerst renoviert."
)
FRENCH = (
    "Le conseil municipal a adopté mardi un nouveau budget pour la ville. "
    "Le maire a déclaré que les travaux commenceraient au printemps."
)
ITALIAN = "Il consiglio comunale ha approvato ieri il nuovo piano per i trasporti della città."
ENGLISH = (
    "The city council approved a new transport plan on Thursday. "
    "The mayor said work would begin in March and last two years."
)


@pytest.mark.parametrize(
    ("text", "language"), [(SPANISH, "es"), (GERMAN, "de"), (FRENCH, "fr"), (ITALIAN, "it")]
)
def test_untagged_text_in_a_language_without_rules_is_quarantined(text: str, language: str) -> None:
    result = clean(SourceText("feed.xml", text, line=2))
    assert isinstance(result, Rejection)
    assert result.error_class == "unsupported_language"
    assert f"'{language}' (detected" in result.reason
    assert (result.path, result.line) == ("feed.xml", 2)


def test_untagged_english_is_detected_and_said_so() -> None:
    document = cleaned(ENGLISH)
    assert document.language == "en"
    assert document.meta["language_basis"] == "detected"
    assert document.meta["language_detected"].startswith("en ")


def test_a_tag_wins_over_the_detector() -> None:
    # A publisher's tag is taken as written, even where the text looks otherwise.
    document = clean(SourceText("a.txt", SPANISH, {"language": "en"}))
    assert isinstance(document, Document)
    assert document.language == "en"
    assert "language_basis" not in document.meta
    tagged_german = clean(SourceText("a.txt", ENGLISH, {"language": "de"}))
    assert isinstance(tagged_german, Rejection)
    assert tagged_german.error_class == "unsupported_language"


@pytest.mark.parametrize("text", ["Story.", "Argentina Beat France", "Kim met Putin."])
def test_a_line_too_short_to_tell_keeps_a_language_with_rules(text: str) -> None:
    # The detector cannot place a few capitalised words; refusing them would lose English
    # one-liners, so the likeliest language with rules is kept and the basis says so.
    choice = document_language(None, text)
    assert isinstance(choice, LanguageChoice)
    assert choice.language == "en"
    assert choice.basis in ("detected", "likeliest")


def test_a_text_without_letters_keeps_the_default_language() -> None:
    assert document_language(None, "2031 — 42 % ... 17:30") == LanguageChoice("en", "default")
    assert detect_languages("12 345") == []


def test_one_line_in_a_language_without_rules_is_still_refused() -> None:
    result = document_language(None, "El gobierno anunció el lunes nuevas medidas económicas.")
    assert isinstance(result, Rejection)
    assert result.error_class == "unsupported_language"


def test_detection_reads_the_opening_of_a_long_text() -> None:
    # Only the opening is read (the cost grows with length); a long article is still told.
    ranked = detect_languages(SPANISH * 200)
    assert ranked[0][0] == "es"
    assert ranked[0][1] > 0.99
