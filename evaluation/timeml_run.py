"""`chronicle timeml IN_DIR OUT_DIR`: tag every TimeML file with the temporal tagger.

The files keep their text and other markup; their TIMEX3 elements inside TEXT are replaced
by the tagger's, so the output can be scored against the input with TempEval-3's scorer.
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluation.timeml import TimeMLError, read_timeml, write_timeml
from transforms.extraction import timex
from transforms.extraction.stages import tense_at


def tag_timeml_dir(
    in_dir: Path,
    out_dir: Path,
    *,
    mode: str = "news",
    use_parse: bool = True,
    model: str | None = None,
) -> int:
    """Write a tagged copy of every `*.tml` under in_dir; returns how many files failed."""
    files = sorted(in_dir.rglob("*.tml")) if in_dir.is_dir() else [in_dir]
    documents = []
    failures = 0
    for path in files:
        try:
            documents.append((path, read_timeml(path.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError, TimeMLError) as exc:
            print(f"chronicle timeml: {path}: {exc}", file=sys.stderr)
            failures += 1
    parses = _parses([d.text for _, d in documents], model) if use_parse else None
    for index, (path, document) in enumerate(documents):
        tense = None
        if parses is not None:
            parse = parses[index]
            tense = lambda start, end, parse=parse: tense_at(parse, start, end)  # noqa: E731
        found = timex.tag(document.text, document.dct, tense_at=tense, mode=mode)
        target = out_dir / (path.relative_to(in_dir) if in_dir.is_dir() else path.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(write_timeml(document, found), encoding="utf-8")
    return failures


def _parses(texts: list[str], model: str | None) -> list:
    from pipeline.nlp import load_model, model_name
    from transforms.extraction.parse import from_spacy

    nlp = load_model(model_name(model))
    return [from_spacy(doc) for doc in nlp.pipe(texts, batch_size=32)]
