"""Extraction stages that fail on purpose, for the fault-isolation tests.

Module-level functions, so that worker processes (started by spawn) can import them by
name: a stage reaches a worker pickled as a reference to this module.
"""

from __future__ import annotations

import os

from transforms.extraction.stages import STAGES, PartialExtraction

POISON = "Poisoned"


def raise_on_poison(so_far: PartialExtraction) -> PartialExtraction:
    if POISON in so_far.document.text:
        raise ValueError("zip() argument 2 is shorter than argument 1 (injected)")
    return so_far


def exit_on_poison(so_far: PartialExtraction) -> PartialExtraction:
    """A worker that dies as a crash in native code or the OOM killer would leave it."""
    if POISON in so_far.document.text:
        os._exit(3)
    return so_far


STAGES_THAT_RAISE = (*STAGES, ("fault", raise_on_poison))
STAGES_THAT_EXIT = (*STAGES, ("fault", exit_on_poison))
