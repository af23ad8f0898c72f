"""SemEval-2015 Task 4 driver: read a corpus folder, extract, write one timeline per entity.

The files are read and written here; the work is in `evaluation.semeval2015` and the normal
extractor. The task's documents come pre-tokenised, so they are parsed from their own
tokens and sentences (a spaCy `Doc` built from words) to keep every event on a token the
scorer knows.
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluation.semeval2015 import (
    TaskDocument,
    entity_events,
    format_timeline,
    order_timeline,
    read_timeml,
    timeline_entries,
    timeline_filename,
)
from pipeline.nlp import load_model, model_name
from pipeline.version import extractor_version
from transforms.extraction.parse import Parse, from_spacy
from transforms.extraction.stages import extract
from transforms.model import Extraction


def parse_task_documents(tasks: list[TaskDocument], model: str | None = None) -> list[Parse]:
    """Parse with the task's own tokens and sentence breaks, through the whole pipeline."""
    from spacy.tokens import Doc

    nlp = load_model(model_name(model))
    docs = [
        Doc(
            nlp.vocab,
            words=[t.text for t in task.tokens],
            spaces=list(task.spaces),
            sent_starts=list(task.sentence_starts),
        )
        for task in tasks
    ]
    return [from_spacy(doc) for doc in nlp.pipe(docs, batch_size=32)]


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The TimeML files of a corpus folder (searched recursively), in a stable order."""
    files = [p for p in corpus_dir.rglob("*") if p.is_file() and p.suffix in (".tml", ".xml")]
    return sorted(files)


def read_entities(entities_file: Path) -> list[str]:
    lines = entities_file.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def run_semeval2015(
    corpus_dir: Path, entities_file: Path, out_dir: Path, model: str | None = None
) -> int:
    """Write `OUT_DIR/<entity>.txt` for every entity; returns the number of files written.

    Files that are not TimeML task documents (no `<TEXT>` of `<s>` sentences) are skipped
    with a note on stderr rather than failing the run.
    """
    tasks: list[TaskDocument] = []
    for path in corpus_files(Path(corpus_dir)):
        try:
            task = read_timeml(path.read_text(encoding="utf-8"), str(path))
        except Exception as exc:  # a stray file in the folder should not sink the run
            print(f"semeval2015: skipping {path}: {exc}", file=sys.stderr)
            continue
        if task.tokens:
            tasks.append(task)
    parses = parse_task_documents(tasks, model)
    version = extractor_version()
    extractions: list[Extraction] = [
        extract(task.document, parse, version, all_events=True)
        for task, parse in zip(tasks, parses, strict=True)
    ]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for entity in read_entities(Path(entities_file)):
        entries = []
        for task, parse, extraction in zip(tasks, parses, extractions, strict=True):
            events = entity_events(task, extraction, parse, entity)
            entries.extend(timeline_entries(task, parse, events))
        text = format_timeline(entity, order_timeline(entries))
        (out / timeline_filename(entity)).write_text(text, encoding="utf-8")
        written += 1
    return written


if __name__ == "__main__":  # python -m evaluation.semeval2015_run CORPUS_DIR ENTITIES_FILE OUT_DIR
    count = run_semeval2015(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    print(f"wrote {count} timelines to {sys.argv[3]}")
