"""How many processes parse a batch."""

from __future__ import annotations

import pytest


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
