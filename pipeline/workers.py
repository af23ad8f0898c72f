"""Extracting batches in worker processes, where one document can cost only itself.

`stage_documents` parses and extracts a batch, builds its warehouse tables and writes
them as Parquet in the process that extracted it, so the flow's one writer only loads
columns. Faults stay as small as they can be:

- an exception while parsing, extracting or tabulating one document quarantines that
  document (`extraction_error`, with the exception and the extractor version) and the
  rest of the batch goes on;
- a worker process that dies (killed, out of memory, a crash in native code) breaks the
  pool: the batch is tried once more on a fresh pool, and if that dies too each of its
  documents is extracted alone, so the one that kills its worker is quarantined and the
  others are staged.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from pipeline.nlp import load_model, parse_each, parse_processes
from transforms.extraction.stages import STAGES, Stage, extract, text_for_parsing
from transforms.ingestion.identity import one_document_per_text
from transforms.ingestion.strings import storable
from transforms.model import Document, Extraction, Rejection
from transforms.resources.loader import language_resources, languages
from warehouse.staging import StagedBatch, StagedPart, write_part
from warehouse.tables import Tables, build_tables

log = logging.getLogger(__name__)

Stages = Sequence[tuple[str, Stage]]
EXTRACTION_ERROR = "extraction_error"
_MESSAGE_CHARS = 300  # of an exception's message, in a quarantine reason


def stage_documents(
    documents: list[Document],
    model: str,
    version: str,
    folder: str,
    *,
    processes: int | None = None,
    stages: Stages = STAGES,
) -> StagedBatch:
    """Parse and extract a batch, build its tables and stage them as Parquet in `folder`.

    In this process or spread over worker processes (started once, kept for later
    batches). Chronicle's own work (copying the parse, tagging, actors, events) runs in the
    worker that parsed, so it is spread over the cores too; each worker also turns its
    extractions into Arrow tables (the per-row Python work of a load) and writes them, so
    only a manifest of paths, counts and quarantined documents comes back instead of every
    extraction pickled. A text found twice in the batch is extracted once; its other paths
    ride in the manifest. `stages` are the extraction's stages (tests inject faults here).
    """
    found: dict[str, list[str]] = {}
    unique = one_document_per_text(documents, found)
    copies = {doc_id: paths[1:] for doc_id, paths in found.items() if len(paths) > 1}
    if not unique:
        return StagedBatch(folder=folder, paths=copies)
    count = processes or parse_processes(len(unique))
    if count <= 1 or len(unique) < 2:
        parts = [_stage_here(unique, model, version, folder, stages)]
    else:
        parts = _stage_in_workers(unique, model, version, folder, stages, count)
    return StagedBatch(folder=folder, parts=tuple(parts), paths=copies)


def _stage_in_workers(
    documents: list[Document], model: str, version: str, folder: str, stages: Stages, count: int
) -> list[StagedPart]:
    """The batch over `count` workers; tried again on a fresh pool if a worker dies, then
    document by document. Parts a broken attempt wrote are not in the manifest: never
    loaded, removed with the batch's folder."""
    chunks = _chunks(documents, count)
    n = len(chunks)
    for attempt in (1, 2):
        try:
            return list(
                _pool(model, count).map(
                    _stage_here, chunks, [model] * n, [version] * n, [folder] * n, [stages] * n
                )
            )
        except BrokenProcessPool as error:
            if _stopping.is_set():
                raise Stopping("the run is stopping: its workers were stopped") from error
            _discard_pool(model, count)
            log.warning(
                "a worker process died while extracting a batch of %d documents (attempt %d)%s",
                len(documents),
                attempt,
                "; trying again" if attempt == 1 else "; extracting its documents one by one",
            )
    return [_stage_one_by_one(documents, model, version, folder, stages)]


def _stage_one_by_one(
    documents: list[Document], model: str, version: str, folder: str, stages: Stages
) -> StagedPart:
    """Each document extracted alone in a worker of its own: the ones that kill it are
    quarantined. The tables are built and written here, once."""
    extractions: list[Extraction] = []
    rejections: list[Rejection] = []
    for document in documents:
        try:
            done, failed = (
                _pool(model, 1).submit(_extract_here, [document], model, version, stages).result()
            )
        except BrokenProcessPool as error:
            if _stopping.is_set():
                raise Stopping("the run is stopping: its workers were stopped") from error
            _discard_pool(model, 1)
            rejections.append(_worker_died(document, version, error))
            log.warning("quarantined %s: its worker process died", document.path)
            continue
        extractions += done
        rejections += failed
    _discard_pool(model, 1)
    return _write(extractions, rejections, version, folder)


def _stage_here(
    documents: list[Document], model: str, version: str, folder: str, stages: Stages = STAGES
) -> StagedPart:
    extractions, rejections = _extract_here(documents, model, version, stages)
    return _write(extractions, rejections, version, folder)


def _write(
    extractions: list[Extraction], rejections: list[Rejection], version: str, folder: str
) -> StagedPart:
    started = time.perf_counter()
    tables, unbuildable = _tables(extractions, version)
    return write_part(
        tables,
        folder,
        build_seconds=time.perf_counter() - started,
        rejections=(*rejections, *unbuildable),
    )


def _extract_here(
    documents: list[Document], model: str, version: str, stages: Stages = STAGES
) -> tuple[list[Extraction], list[Rejection]]:
    """Each document's extraction, or its quarantine record when parsing or extracting it
    raised."""
    nlp = load_model(model)
    extractions: list[Extraction] = []
    rejections: list[Rejection] = []
    texts = [text_for_parsing(document) for document in documents]
    for document, parse in zip(documents, parse_each(nlp, texts), strict=True):
        if isinstance(parse, Exception):
            rejections.append(extraction_failed(document, version, parse, "parsing"))
            continue
        try:
            extractions.append(extract(document, parse, version, stages=stages))
        except Exception as error:  # noqa: BLE001 - one document's fault, quarantined
            rejections.append(extraction_failed(document, version, error, "extracting"))
    return extractions, rejections


def _tables(extractions: list[Extraction], version: str) -> tuple[Tables, list[Rejection]]:
    """The batch's tables; when building them fails, each document's tables are tried alone
    and the ones that fail are quarantined instead."""
    try:
        return build_tables(extractions), []
    except Exception:  # noqa: BLE001 - the culprit is found below
        pass
    kept: list[Extraction] = []
    rejections: list[Rejection] = []
    for extraction in extractions:
        try:
            build_tables([extraction])
        except Exception as error:  # noqa: BLE001 - this document's rows cannot be stored
            rejections.append(extraction_failed(extraction.document, version, error, "tabulating"))
        else:
            kept.append(extraction)
    return build_tables(kept), rejections


def extraction_failed(
    document: Document, version: str, error: BaseException, step: str
) -> Rejection:
    """The quarantine record of a document whose extraction raised: what, where, which code."""
    message = storable(str(error))
    if len(message) > _MESSAGE_CHARS:
        message = message[:_MESSAGE_CHARS] + "…"
    return Rejection(
        path=document.path,
        reason=f"internal error while {step} document {document.doc_id[:16]} "
        f"({type(error).__name__}: {message}) with extractor {version}; please report it",
        error_class=EXTRACTION_ERROR,
    )


def _worker_died(document: Document, version: str, error: BaseException) -> Rejection:
    return Rejection(
        path=document.path,
        reason=f"the worker process died while extracting document {document.doc_id[:16]} "
        f"({type(error).__name__}) with extractor {version}; please report it",
        error_class=EXTRACTION_ERROR,
    )


def _chunks(documents: list[Document], processes: int) -> list[list[Document]]:
    size = -(-len(documents) // (processes * 2))  # two chunks per worker evens out long texts
    return [documents[i : i + size] for i in range(0, len(documents), size)]


def warm_up(model: str, texts: int, processes: int | None = None) -> None:
    """Load `model` where the first batch, of `texts` texts, will be parsed: here for a
    small batch, in the worker pool for a big one (each worker loads it as it starts); and
    the language resources (YAML rules, 0.3 s) here, where the documents are cleaned.

    For a caller with time to spare before its first batch, e.g. while a Prefect server
    starts: the load then costs nothing. Nothing to do for no texts.
    """
    if texts < 1:
        return
    count = processes or parse_processes(texts)
    if count <= 1 or texts < 2:
        load_model(model)
    else:
        pool = _pool(model, count)
        for _ in range(count):  # one start per worker: the pool starts them as work arrives
            pool.submit(int)
    for language in languages():  # read here, where the documents are cleaned
        language_resources(language)


_POOLS: dict[tuple[str, int], ProcessPoolExecutor] = {}


def _pool(model: str, processes: int) -> ProcessPoolExecutor:
    """Worker processes with the model loaded, started by spawn: the flow process runs
    threads (Prefect's), and forking a threaded process can deadlock the child."""
    if _stopping.is_set():
        raise Stopping("the run is stopping: no batch is extracted any more")
    key = (model, processes)
    if key not in _POOLS:
        _POOLS[key] = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=load_model,
            initargs=(model,),
        )
    return _POOLS[key]


def _discard_pool(model: str, processes: int) -> None:
    pool = _POOLS.pop((model, processes), None)
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


@atexit.register
def shutdown_workers() -> None:
    """Stop every worker now, mid-chunk if need be: at exit, or when the run stops, no
    batch is wanted any more, and an idle worker has nothing to lose."""
    for pool in _POOLS.values():
        # CPython's executor keeps its worker processes here; copied, as shutdown clears it.
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
        deadline = time.monotonic() + 10
        for worker in workers:
            _wait_for_exit(worker, deadline)
    _POOLS.clear()


def _wait_for_exit(worker: multiprocessing.process.BaseProcess, deadline: float) -> None:
    """Wait until the worker's exit is recorded. The executor's own thread may reap it
    first; then `join` returns while `is_alive()` still says True for a moment (its
    `waitpid` fails with ECHILD until the other thread stores the exit code)."""
    worker.join(timeout=max(0.0, deadline - time.monotonic()))
    while worker.exitcode is None and time.monotonic() < deadline:
        time.sleep(0.01)


class Stopping(RuntimeError):
    """The run is stopping: no batch is extracted any more."""


_stopping = threading.Event()


@contextmanager
def stopped_with_the_run() -> Iterator[None]:
    """A run's scope for its workers: when the run fails or is stopped (SIGTERM, Ctrl-C),
    they stop at once and no batch starts again. Without it a stopped run waited for its
    batches in flight, minutes on a busy machine, and a broken pool was even retried."""
    _stopping.clear()
    try:
        yield
    except BaseException:
        _stopping.set()
        shutdown_workers()
        raise
