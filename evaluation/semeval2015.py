"""SemEval-2015 Task 4 (TimeLine): read its TimeML documents, write entity timelines.

`chronicle semeval2015 CORPUS_DIR ENTITIES_FILE OUT_DIR` runs `run_semeval2015`. The
driver at the end of this module loads the spaCy model and reads and writes files;
everything before it is pure: strings and records in, records and strings out.

The task gives pre-tokenised sentences (`<s id="N">` of space-separated tokens) and scores
event mentions as `DOCID-SENTENCE-token`, so every event must map back to one of those
tokens. `read_timeml` therefore keeps each token's sentence id and character offsets in
a detokenised text that the parser and the temporal tagger read like ordinary prose.
Gold `EVENT` tags are dropped: the system works from raw text only. The documents come
pre-tokenised, so they are parsed from their own tokens and sentences (a spaCy `Doc`
built from words) to keep every event on a token the scorer knows.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from evaluation.tokens import spaces_after
from pipeline.nlp import load_model, model_name
from pipeline.version import extractor_version
from transforms.extraction.events import lexicon as event_lexicon
from transforms.extraction.parse import Parse, Token, from_spacy
from transforms.extraction.stages import extract
from transforms.model import Document, Event, Extraction, Span

_DATE_VALUE = re.compile(r"^(\d{4}|XXXX)(-(\d{2}|XX))?(-(\d{2}|XX))?$")
_PRONOUNS_OF_PEOPLE = frozenset({"he", "him", "his", "she", "her"})
_PRONOUNS_OF_THINGS = frozenset({"it", "its"})


@dataclass(frozen=True)
class TaskToken:
    """One token of the task's tokenisation: sentence id, text and offsets in the text."""

    sentence_id: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class TaskDocument:
    """A TimeML document as a `Document`, with the task's tokens and sentence boundaries."""

    document: Document
    tokens: tuple[TaskToken, ...]
    sentence_starts: tuple[bool, ...]  # per token: does a task sentence begin here
    spaces: tuple[bool, ...]  # per token: is it followed by a space in `document.text`


@dataclass(frozen=True)
class TimelineEntry:
    """One scored line: an event mention anchored in time (anchor None: not ordered)."""

    anchor: str | None
    mention: str  # DOCID-SENTENCE-token
    doc_id: str
    offset: int  # trigger offset in its document, to order entries that share an anchor


def read_timeml(xml_text: str, path: str = "") -> TaskDocument:
    """Parse one task document: DOCID, DCT, title and `<s id>` sentences of tokens."""
    root = ET.fromstring(xml_text)
    doc_id = (root.findtext("DOCID") or "").strip()
    dct_node = root.find("DCT/TIMEX3")
    dct = _dct(dct_node.get("value") if dct_node is not None else None)
    title = (root.findtext("EXTRAINFO") or "").strip() or None
    text_node = root.find("TEXT")
    words: list[tuple[int, str]] = []
    for sentence in text_node.iter("s") if text_node is not None else ():
        sentence_id = int(sentence.get("id", "0"))
        words.extend((sentence_id, word) for word in "".join(sentence.itertext()).split())
    return build_task_document(doc_id, words, dct, title=title, path=path)


def build_task_document(
    doc_id: str,
    words: Sequence[tuple[int, str]],
    dct: date | None,
    *,
    title: str | None = None,
    path: str = "",
) -> TaskDocument:
    """A document from (sentence id, token) pairs: detokenised text, offsets kept.

    Shared by every pre-tokenised corpus (TimeML, CAT): each token's characters in the
    text are known, so whatever the extractor finds maps back to the corpus's tokens.
    """
    starts = [k == 0 or words[k - 1][0] != sid for k, (sid, _) in enumerate(words)]
    spaces = spaces_after([w for _, w in words], starts)
    tokens: list[TaskToken] = []
    parts: list[str] = []
    offset = 0
    for (sentence_id, word), space in zip(words, spaces, strict=True):
        tokens.append(TaskToken(sentence_id, word, offset, offset + len(word)))
        parts.append(word + (" " if space else ""))
        offset += len(word) + (1 if space else 0)
    text = "".join(parts)
    document = Document(
        doc_id=doc_id,
        text=text,
        content=(Span(0, len(text.rstrip())),) if text.strip() else (),
        title=title,
        source=None,
        url=None,
        language="en",
        byline=None,
        place=None,
        dct=dct,
        dct_basis="metadata" if dct else "none",
        path=path,
    )
    return TaskDocument(document, tuple(tokens), tuple(starts), tuple(spaces))


def _dct(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def timeline_filename(entity: str) -> str:
    """The task's file name: the entity lower-cased, spaces as `_` ("S&P 500" -> s&p_500.txt)."""
    return "_".join(entity.lower().split()) + ".txt"


def anchor_of(value: str | None) -> str | None:
    """A TIMEX3 value as a task anchor: the date part, None when it names no calendar date.

    Full dates and months and years are kept as written ("2011-03", "1976"); partly
    unknown ones keep their X's ("2008-XX-XX"). Week, season, quarter and reference values
    (PRESENT_REF, 2010-W23) are no anchor.
    """
    if not value:
        return None
    head = value.split("T", 1)[0]
    if not _DATE_VALUE.match(head) or head.startswith("XXXX"):
        return None
    return head


def entity_mentions(task: TaskDocument, entity: str) -> list[tuple[int, int]]:
    """Token ranges (inclusive) naming the entity: its name, or a short form after it.

    The name matches case-insensitively, its words in any order ("3G iPhone" for "iPhone
    3G") and across a possessive ("The Beatles ' Apple Corps"). Its last two or more
    words name it anywhere ("Apple Corps"); once the full name has appeared, a person's
    first or last name alone ("Steve", "Jobs") names it too, as news copy shortens names
    after first mention. A match that the next word extends ("iPod nano") is another name.
    """
    words = [w.lower() for w in entity.split()]
    if not words:
        return []
    person = _is_person_name(entity)
    long_forms = [words[k:] for k in range(1, len(words) - 1)]
    short_forms = [[words[-1]], [words[0]]] if person else []
    texts = [t.text.lower() for t in task.tokens]
    out: list[tuple[int, int]] = []
    seen_full = False
    i = 0
    while i < len(texts):
        end = _match_name(texts, i, words)
        if end is not None and not _continues_name(task, end + 1):
            out.append((i, end))
            seen_full = True
            i = end + 1
            continue
        forms = long_forms + (short_forms if seen_full else [])
        for form in forms:
            m = len(form)
            if (
                texts[i : i + m] == form
                and task.tokens[i].text[:1].isupper()
                and not _continues_name(task, i + m)
                and not (i > 0 and _is_name_word(task.tokens[i - 1].text) and m == 1)
            ):
                out.append((i, i + m - 1))
                i += m
                break
        else:
            i += 1
    return out


def _continues_name(task: TaskDocument, i: int) -> bool:
    """ "iPod nano" is not "iPod", "iPhone 4" is not "iPhone": the name goes on."""
    if i >= len(task.tokens) or task.sentence_starts[i]:
        return False
    nxt = task.tokens[i].text
    return bool(nxt) and (nxt[0].isdigit() or _is_name_word(nxt) or nxt in _MODEL_WORDS)


# Lower-case words that continue a product name ("iPod nano", "iPhone mini").
_MODEL_WORDS = frozenset({"nano", "mini", "shuffle", "touch", "classic", "plus", "pro", "max"})


def _is_person_name(entity: str) -> bool:
    """Two or three capitalised alphabetic words: a person's name ("Steve Jobs")."""
    parts = entity.split()
    return 2 <= len(parts) <= 3 and all(p[:1].isupper() and p.isalpha() for p in parts)


def _is_name_word(text: str) -> bool:
    return text[:1].isupper() and text.isalpha()


def _match_name(texts: list[str], i: int, words: list[str]) -> int | None:
    """The last token index of the name starting at i, in any order, possessives skipped."""
    wanted = sorted(words)
    found: list[str] = []
    j = i
    while j < len(texts) and len(found) < len(words):
        if texts[j] in ("'", "'s", "’s", "’") and found:
            j += 1
            continue
        if texts[j] not in words:
            return None
        found.append(texts[j])
        j += 1
    if sorted(found) != wanted:
        return None
    return j - 1


def entity_events(
    task: TaskDocument,
    extraction: Extraction,
    parse: Parse,
    entity: str,
    *,
    pronouns: bool = True,
) -> list[Event]:
    """The events of one document in which the entity takes part.

    An event takes part when a mention of the entity (or a pronoun continuing a sentence
    that named it) lies in one of its argument subtrees or is the event's own modifier:
    the same test the extractor uses for participants, applied to the entity's tokens.
    """
    mentions = entity_mentions(task, entity)
    if not mentions:
        return []
    lex = event_lexicon(extraction.document.language)
    token_at = {t.start: k for k, t in enumerate(task.tokens)}
    parse_of = {tok.start: tok for tok in parse.tokens}
    ending_at = {tok.end: tok for tok in parse.tokens}  # a trigger phrase ends at its head
    heads: set[int] = set()  # parse token indexes that stand for the entity
    for first, last in mentions:
        covered = [parse_of[task.tokens[k].start] for k in range(first, last + 1)]
        covered = [t for t in covered if t is not None]
        if covered:
            heads.add(_span_head(parse, covered).i)
    if pronouns:
        heads |= _continuing_pronouns(parse, heads, entity)
    out: list[Event] = []
    for event in extraction.events:
        trigger = ending_at.get(event.end)
        if trigger is None or trigger.start not in token_at:
            continue
        words = [trigger]
        if trigger.pos != "VERB" and trigger.dep in ("dobj", "obj"):
            verb = parse.tokens[trigger.head]
            if verb.lemma.lower() in lex.light_verbs:  # "Jobs gave his keynote"
                words.append(verb)
        if any(_involves(parse, word, heads) for word in words):
            out.append(event)
    return out


def _span_head(parse: Parse, tokens: list[Token]) -> Token:
    indexes = {t.i for t in tokens}
    for tok in tokens:
        if tok.head not in indexes or tok.head == tok.i:
            return tok
    return tokens[-1]


def _continuing_pronouns(parse: Parse, heads: set[int], entity: str) -> set[int]:
    """Pronouns that continue the entity: the nearest earlier candidate is the entity.

    For a person, "he/him/his/she/her" whose nearest preceding person (a PERSON entity
    or a mention of the entity) is the entity, within the sentence or the two before;
    for a thing, "it/its" as the subject of the sentence right after one naming it.
    """
    out: set[int] = set()
    if _is_person_name(entity):
        people: list[tuple[int, bool]] = [(i, True) for i in heads]
        for ent in parse.entities:
            if ent.label == "PERSON" and not any(ent.first <= h <= ent.last for h in heads):
                people.append((ent.last, False))
        people.sort()
        for tok in parse.tokens:
            if tok.text.lower() not in _PRONOUNS_OF_PEOPLE:
                continue
            before = [(i, ours) for i, ours in people if i < tok.i]
            if not before:
                continue
            last, ours = before[-1]
            if ours and tok.sent - parse.tokens[last].sent <= 2:
                out.add(tok.i)
                people.append((tok.i, True))
                people.sort()
        return out
    named_sentences = {parse.tokens[i].sent for i in heads}
    for tok in parse.tokens:
        if tok.text.lower() not in _PRONOUNS_OF_THINGS or tok.sent in named_sentences:
            continue
        if tok.sent - 1 in named_sentences and tok.dep in ("nsubj", "nsubjpass", "poss"):
            out.add(tok.i)
    return out


_ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "obj", "pobj", "prep", "agent", "attr", "dative", "poss",
     "compound", "appos", "npadvmod", "oprd", "acomp", "conj", "nmod", "amod"}
)  # fmt: skip
_CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "xcomp", "parataxis", "csubj", "acl"})


def _involves(parse: Parse, trigger: Token, heads: set[int]) -> bool:
    """A mention hangs off the trigger through argument relations, not through a clause.

    Coordinated verbs share their subject ("Jobs walked on stage and unveiled ..."), and a
    clause's event involves the subject of the verb it complements when it has none of
    its own ("Jobs started by hinting").
    """
    if trigger.head in heads and trigger.dep in ("acl", "relcl"):  # "Jobs, born in ..."
        return True
    for head in heads:
        current = parse.tokens[head]
        for _ in range(8):
            if current.head == current.i:
                break
            parent = parse.tokens[current.head]
            if parent.i == trigger.i:
                return True
            if current.dep in _CLAUSE_DEPS or current.dep not in _ARGUMENT_DEPS:
                break
            current = parent
    return _shares_subject(parse, trigger, heads)


def _shares_subject(parse: Parse, trigger: Token, heads: set[int]) -> bool:
    current = trigger
    for _ in range(4):
        if any(c.dep in ("nsubj", "nsubjpass") for c in parse.children(current.i)):
            return False
        if current.dep not in ("conj", "xcomp", "advcl", "pcomp") or current.head == current.i:
            return False
        parent = parse.tokens[current.head]
        if parent.pos == "ADP":  # "by hinting": the preposition hangs off the verb
            parent = parse.tokens[parent.head]
        for child in parse.children(parent.i):
            if child.dep in ("nsubj", "nsubjpass") and _subtree_has(parse, child.i, heads):
                return True
        current = parent
    return False


def _subtree_has(parse: Parse, i: int, heads: set[int]) -> bool:
    return any(t.i in heads for t in parse.subtree(i, stop_deps=_CLAUSE_DEPS))


def timeline_entries(
    task: TaskDocument, parse: Parse, events: Iterable[Event]
) -> list[TimelineEntry]:
    """Events as task lines: the mention is the trigger token's sentence id and text."""
    by_start = {t.start: k for k, t in enumerate(task.tokens)}
    ending_at = {tok.end: tok for tok in parse.tokens}
    out: list[TimelineEntry] = []
    for event in events:
        # the mention is the head word: a trigger phrase ("news conference") ends at it
        trigger = ending_at.get(event.end)
        k = by_start.get(trigger.start if trigger is not None else event.start)
        if k is None:
            continue
        token = task.tokens[k]
        text = token.text
        if trigger is not None:  # a phrasal verb is one mention: "showed_off", "took_off"
            particles = [c for c in parse.children(trigger.i) if c.dep == "prt"]
            if particles and particles[0].i == trigger.i + 1 and k + 1 < len(task.tokens):
                text = f"{text}_{task.tokens[k + 1].text}"
        mention = f"{task.document.doc_id}-{token.sentence_id}-{text}"
        out.append(TimelineEntry(anchor_of(event.date.value), mention, event.doc_id, event.start))
    return out


def order_timeline(entries: Iterable[TimelineEntry]) -> list[tuple[int, str, list[str]]]:
    """Number the anchored entries by anchor; entries with one anchor are simultaneous.

    Unanchored entries go to position 0 with `XXXX-XX-XX`, which the task leaves unscored.
    Each mention appears once. Anchors sort by their known digits, so a month ("2011-03")
    comes before the days in it and a year before its months.
    """
    unique: dict[str, TimelineEntry] = {}
    for entry in entries:
        unique.setdefault(entry.mention, entry)
    anchored: dict[str, list[TimelineEntry]] = {}
    loose: list[TimelineEntry] = []
    for entry in unique.values():
        if entry.anchor is None:
            loose.append(entry)
        else:
            anchored.setdefault(entry.anchor, []).append(entry)
    lines: list[tuple[int, str, list[str]]] = []
    for entry in sorted(loose, key=lambda e: (e.doc_id, e.offset)):
        lines.append((0, "XXXX-XX-XX", [entry.mention]))
    for position, anchor in enumerate(sorted(anchored, key=_anchor_key), start=1):
        for entry in sorted(anchored[anchor], key=lambda e: (e.doc_id, e.offset)):
            lines.append((position, anchor, [entry.mention]))
    return lines


def _anchor_key(anchor: str) -> tuple[str, ...]:
    return tuple(part.replace("XX", "00") for part in anchor.split("-"))


def format_timeline(entity: str, lines: Iterable[tuple[int, str, list[str]]]) -> str:
    """The task's file: the entity name, then `position TAB anchor TAB mention...` lines."""
    rows = [entity]
    rows.extend("\t".join([str(p), anchor, *mentions]) for p, anchor, mentions in lines)
    return "\n".join(rows) + "\n"


# --- the driver: a corpus folder in, one timeline file per entity out ------------------


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


if __name__ == "__main__":  # python -m evaluation.semeval2015 CORPUS_DIR ENTITIES_FILE OUT_DIR
    count = run_semeval2015(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    print(f"wrote {count} timelines to {sys.argv[3]}")
