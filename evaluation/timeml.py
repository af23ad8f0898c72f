"""`chronicle timeml IN_DIR OUT_DIR`: TIMEX3 tags from the temporal tagger in TimeML files.

Every file keeps its text and other markup; its TIMEX3 elements inside TEXT are replaced
by the tagger's, so the output can be scored against the input with TempEval-3's scorer
(`../shared/tools/te3_score.py`). `tag_timeml_dir` is that driver; the rest reads a
document's DCT and plain TEXT and writes TIMEX3 tags back in, with no I/O.

The output must decode to exactly the input's plain text (the TempEval scorers compare
it character by character), so the TEXT element is treated as a sequence of raw text
chunks and tags: text chunks are copied untouched, only TIMEX3 tags are removed, and new
ones are inserted at chunk boundaries that keep the XML well nested.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import quoteattr

from transforms.extraction import timex as tagger
from transforms.extraction.stages import tense_at
from transforms.model import Timex

_TEXT = re.compile(r"(<TEXT\b[^>]*>)(.*?)(</TEXT\s*>)", re.DOTALL)
_DCT = re.compile(r"<DCT\b[^>]*>.*?</DCT\s*>", re.DOTALL)
_VALUE = re.compile(r"""\bvalue\s*=\s*["']([^"']*)["']""")
_TAG = re.compile(r"<[^>]*>")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z_][\w.-]*)")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_TID = re.compile(r"""\btid\s*=\s*["']t(\d+)["']""")


class TimeMLError(ValueError):
    """The input is not a TimeML document this reader can round-trip."""


@dataclass(frozen=True)
class _Chunk:
    raw: str
    is_tag: bool
    plain_start: int  # offset in the plain text where this chunk starts
    plain_text: str  # decoded text ("" for tags)


@dataclass(frozen=True)
class TimeMLDocument:
    dct: date | None
    text: str  # the plain TEXT content, entities decoded
    _prefix: str  # everything up to and including <TEXT>
    _suffix: str  # </TEXT> and everything after
    _chunks: tuple[_Chunk, ...]  # TEXT content without its TIMEX3 tags


def read_timeml(xml: str) -> TimeMLDocument:
    match = _TEXT.search(xml)
    if match is None:
        raise TimeMLError("no <TEXT> element")
    chunks: list[_Chunk] = []
    plain_parts: list[str] = []
    offset = 0
    body = match.group(2)
    position = 0
    for tag in _TAG.finditer(body):
        if tag.start() > position:
            offset = _add_text(body[position : tag.start()], offset, chunks, plain_parts)
        name = _TAG_NAME.match(tag.group(0))
        if name is None or name.group(1) != "TIMEX3":
            chunks.append(_Chunk(tag.group(0), True, offset, ""))
        position = tag.end()
    if position < len(body):
        _add_text(body[position:], offset, chunks, plain_parts)
    return TimeMLDocument(
        dct=_dct(xml),
        text="".join(plain_parts),
        _prefix=xml[: match.start(2)],
        _suffix=xml[match.end(2) :],
        _chunks=tuple(chunks),
    )


def _add_text(raw: str, offset: int, chunks: list[_Chunk], plain: list[str]) -> int:
    """Split text at entities so every chunk boundary is also a plain-text boundary."""
    position = 0
    for entity in _ENTITY.finditer(raw):
        if entity.start() > position:
            piece = raw[position : entity.start()]
            chunks.append(_Chunk(piece, False, offset, piece))
            plain.append(piece)
            offset += len(piece)
        decoded = html.unescape(entity.group(0))
        chunks.append(_Chunk(entity.group(0), False, offset, decoded))
        plain.append(decoded)
        offset += len(decoded)
        position = entity.end()
    if position < len(raw):
        piece = raw[position:]
        chunks.append(_Chunk(piece, False, offset, piece))
        plain.append(piece)
        offset += len(piece)
    return offset


def _dct(xml: str) -> date | None:
    block = _DCT.search(xml)
    if block is None:
        return None
    value = _VALUE.search(block.group(0))
    if value is None:
        return None
    try:
        return date.fromisoformat(value.group(1)[:10])
    except ValueError:
        return None


def write_timeml(document: TimeMLDocument, timexes: list[Timex]) -> str:
    """The document with `timexes` as its only TIMEX3 elements inside TEXT.

    A timex whose tags cannot be placed without breaking the nesting of the existing
    markup (it would start inside an EVENT and end outside it) is left out.
    """
    first_tid = 1 + max(
        (int(n) for n in _TID.findall(document._prefix + document._suffix)), default=0
    )
    pieces = _split_at(document._chunks, {b for t in timexes for b in (t.start, t.end)})
    inserts: dict[int, list[str]] = {}  # chunk index -> tags to emit before that chunk
    taken: list[Timex] = []
    for timex in sorted(timexes, key=lambda t: (t.start, -t.end)):
        if any(_overlaps(timex, other) for other in taken):
            continue
        placement = _placement(pieces, timex)
        if placement is None:
            continue
        open_at, close_at = placement
        tid = f"t{first_tid + len(taken)}"
        taken.append(timex)
        inserts.setdefault(open_at, []).append(_open_tag(timex, tid))
        inserts.setdefault(close_at, []).insert(0, "</TIMEX3>")
    out: list[str] = [document._prefix]
    for i, chunk in enumerate(pieces):
        out.extend(_closes_first(inserts.get(i, [])))
        out.append(chunk.raw)
    out.extend(_closes_first(inserts.get(len(pieces), [])))
    out.append(document._suffix)
    return "".join(out)


def _closes_first(tags: list[str]) -> list[str]:
    """At one spot an earlier timex's close precedes a later one's open."""
    return [t for t in tags if t.startswith("</")] + [t for t in tags if not t.startswith("</")]


def _placement(pieces: list[_Chunk], timex: Timex) -> tuple[int, int] | None:
    """Chunk indices before which to put the open and close tags, keeping XML nested.

    Existing tags at the timex's start offset are preferably left outside it (a SIGNAL
    "on" before the date) and those at its end inside only when they close what opened
    within it.
    """
    open_choices = list(reversed(_indices_at(pieces, timex.start)))
    close_choices = _indices_at(pieces, timex.end)
    for open_at in open_choices:
        for close_at in close_choices:
            if open_at < close_at and _balanced(pieces[open_at:close_at]):
                return open_at, close_at
    return None


def _indices_at(pieces: list[_Chunk], offset: int) -> list[int]:
    """Every insertion index (before pieces[k], or at the end) at plain-text `offset`."""
    total = _plain_length(pieces)
    return [
        k
        for k in range(len(pieces) + 1)
        if (pieces[k].plain_start if k < len(pieces) else total) == offset
    ]


def _plain_length(pieces: list[_Chunk]) -> int:
    texts = [p for p in pieces if not p.is_tag]
    return texts[-1].plain_start + len(texts[-1].plain_text) if texts else 0


def _balanced(pieces: list[_Chunk]) -> bool:
    depth = 0
    for piece in pieces:
        raw = piece.raw
        if not piece.is_tag or raw.endswith("/>") or raw.startswith(("<?", "<!")):
            continue
        depth += -1 if raw.startswith("</") else 1
        if depth < 0:
            return False
    return depth == 0


def _split_at(chunks: tuple[_Chunk, ...], cuts: set[int]) -> list[_Chunk]:
    """Split text chunks so that every offset in `cuts` starts a chunk."""
    out: list[_Chunk] = []
    for chunk in chunks:
        if chunk.is_tag or chunk.raw != chunk.plain_text:
            out.append(chunk)  # tags and entities are never cut
            continue
        start = chunk.plain_start
        inner = sorted(c for c in cuts if start < c < start + len(chunk.raw))
        previous = start
        for cut in [*inner, start + len(chunk.raw)]:
            piece = chunk.raw[previous - start : cut - start]
            out.append(_Chunk(piece, False, previous, piece))
            previous = cut
    return out


def _overlaps(a: Timex, b: Timex) -> bool:
    return a.start < b.end and b.start < a.end


def _open_tag(timex: Timex, tid: str) -> str:
    attributes = [("tid", tid), ("type", timex.type), ("value", timex.value)]
    if timex.mod:
        attributes.append(("mod", timex.mod))
    return "<TIMEX3 " + " ".join(f"{k}={quoteattr(v)}" for k, v in attributes) + ">"


# --- the driver: a folder of TimeML files in, tagged copies out ------------------------


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
        found = tagger.tag(document.text, document.dct, tense_at=tense, mode=mode)
        target = out_dir / (path.relative_to(in_dir) if in_dir.is_dir() else path.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(write_timeml(document, found), encoding="utf-8")
    return failures


def _parses(texts: list[str], model: str | None) -> list:
    from pipeline.nlp import load_model, model_name
    from transforms.extraction.parse import from_spacy

    nlp = load_model(model_name(model))
    return [from_spacy(doc) for doc in nlp.pipe(texts, batch_size=32)]
