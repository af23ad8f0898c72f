"""How many processes parse a batch, and one document per text within it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import make_document
from transforms.model import Document
from warehouse.staging import StagedPart


def test_a_batch_just_short_of_the_default_size_still_uses_every_core(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipeline import nlp

    monkeypatch.delenv(nlp.PROCESSES_ENV, raising=False)
    monkeypatch.setattr(nlp.os, "cpu_count", lambda: 2)
    assert nlp.parse_processes(1) == 1
    assert nlp.parse_processes(50) == 1
    assert nlp.parse_processes(51) == 2
    assert nlp.parse_processes(199) == 2  # a batch of 200 less one duplicate
    monkeypatch.setenv(nlp.PROCESSES_ENV, "1")
    assert nlp.parse_processes(199) == 1


def test_a_text_twice_in_a_batch_is_staged_once_with_its_other_paths(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pipeline import workers

    staged: list[list[str]] = []

    def stage_here(documents: list[Document], *_: str) -> StagedPart:
        staged.append([document.path for document in documents])
        return StagedPart(folder=str(tmp_path), rows={})

    monkeypatch.setattr(workers, "_stage_here", stage_here)
    story = make_document("Officials met on Friday.", None)
    other = replace(make_document("They talked on Monday.", None), path="other.txt")
    batch = [story, replace(story, path="copy.txt"), other, replace(story, path="again.txt")]
    result = workers.stage_documents(batch, "model", "version", str(tmp_path), processes=1)
    assert staged == [["test.txt", "other.txt"]]
    assert result.paths == {story.doc_id: ["copy.txt", "again.txt"]}


def test_verb_forms_the_model_cuts_to_another_word_get_their_lemma(nlp_parse) -> None:
    text = "Analysts were hoping for more. The parade was staged."
    [parse] = nlp_parse([make_document(text, None)])
    lemmas = {t.text: t.lemma for t in parse.tokens}
    assert (lemmas["hoping"], lemmas["staged"]) == ("hope", "stage")  # not "hop", "stag"
