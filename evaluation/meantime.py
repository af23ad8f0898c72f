"""Actor and timex quality against MEANTIME: precision, recall and F1.

MEANTIME (NewsReader) marks entity mentions over pre-tokenised Wikinews text, typed through
the entity they refer to: PER, ORG, LOC (and PRO, FIN, which are not actors here). The
extractor's actors are typed person / organisation / country / place. Reading the files is
the only I/O; `read_cat`, `gold_mentions` and `score` are pure.

Two views are scored, both per type and overall:
* `named`: gold mentions whose syntactic type is NAM (proper names), the mentions the
  extractor sets out to find;
* `all`: every PER/ORG/LOC mention, pronouns and common nouns included (recall ceiling).
A system mention matches a gold one of the same type when their token ranges overlap
(relaxed, as TempEval's relaxed match) and, for `strict`, when they are identical.
Matching is one to one.

Timexes (MEANTIME's TIMEX3, the creation time left out) are scored as TempEval-3 does:
strict and relaxed extent F1, and value and type F1 (accuracy over relaxed matches times
relaxed F1). The tagger was never tuned on MEANTIME, so this is a figure on unseen news.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from evaluation.semeval2015 import TaskDocument, build_task_document, parse_task_documents
from pipeline.version import extractor_version
from transforms.extraction.stages import extract

TYPE_OF_ACTOR = {"person": "PER", "organisation": "ORG", "country": "LOC", "place": "LOC"}
SCORED_TYPES = ("PER", "ORG", "LOC")


@dataclass(frozen=True)
class GoldMention:
    first: int  # token indexes into TaskDocument.tokens, inclusive
    last: int
    type: str
    syntactic_type: str


@dataclass(frozen=True)
class TimexSpan:
    first: int  # token indexes, inclusive
    last: int
    type: str
    value: str


@dataclass(frozen=True)
class CatDocument:
    task: TaskDocument
    mentions: list[GoldMention]
    last_sentence: int  # the last sentence annotated at all
    timexes: list[TimexSpan]  # the creation time left out
    creation_tokens: tuple[int, int] | None  # where the text writes its own date, if it does


def read_cat(xml_text: str, path: str = "") -> CatDocument:
    """One MEANTIME CAT file: the document (title sentence included), its gold mentions and
    timexes, the last sentence annotated, and the tokens of the creation time.

    MEANTIME annotates only the first sentences of each article (title, dateline and a
    few more), so system mentions after the last annotated sentence are not scored.
    """
    root = ET.fromstring(xml_text)
    doc_id = root.get("doc_id", "")
    index_of: dict[str, int] = {}
    words: list[tuple[int, str]] = []
    for tok in root.iter("token"):
        index_of[tok.get("t_id", "")] = len(words)
        words.append((int(tok.get("sentence", "0")), tok.text or ""))
    markables = root.find("Markables")
    dct: date | None = None
    types: dict[str, str] = {}
    mentions: dict[str, tuple[list[int], str]] = {}
    timexes: list[TimexSpan] = []
    creation: tuple[int, int] | None = None
    for node in markables if markables is not None else ():
        if node.tag == "TIMEX3" and node.get("functionInDocument") == "CREATION_TIME":
            try:
                dct = date.fromisoformat((node.get("value") or "")[:10])
            except ValueError:
                dct = None
            anchors = [index_of[a.get("t_id", "")] for a in node.iter("token_anchor")]
            if anchors:
                creation = (min(anchors), max(anchors))
        elif node.tag == "TIMEX3":
            anchors = [index_of[a.get("t_id", "")] for a in node.iter("token_anchor")]
            if anchors:
                timexes.append(
                    TimexSpan(
                        min(anchors), max(anchors), node.get("type", ""), node.get("value", "")
                    )
                )
        elif node.tag == "ENTITY":
            types[node.get("m_id", "")] = node.get("ent_type", "")
        elif node.tag == "ENTITY_MENTION":
            anchors = [index_of[a.get("t_id", "")] for a in node.iter("token_anchor")]
            if anchors:
                mentions[node.get("m_id", "")] = (anchors, node.get("syntactic_type", ""))
    gold: list[GoldMention] = []
    relations = root.find("Relations")
    for rel in relations.iter("REFERS_TO") if relations is not None else ():
        targets = [t.get("m_id", "") for t in rel.iter("target")]
        kind = next((types[t] for t in targets if t in types), None)
        if kind is None:
            continue
        for source in rel.iter("source"):
            found = mentions.get(source.get("m_id", ""))
            if found is not None:
                anchors, syntactic = found
                gold.append(GoldMention(min(anchors), max(anchors), kind, syntactic))
    task = build_task_document(doc_id, words, dct, path=path)
    anchored = [index_of.get(a.get("t_id", ""), -1) for a in root.iter("token_anchor")]
    last_sentence = max((words[k][0] for k in anchored if k >= 0), default=-1)
    return CatDocument(task, gold, last_sentence, timexes, creation)


def _token_range(task: TaskDocument, start: int, end: int) -> tuple[int, int] | None:
    """The tokens a character span covers."""
    covered = [k for k, t in enumerate(task.tokens) if t.start < end and t.end > start]
    return (covered[0], covered[-1]) if covered else None


def system_mentions(task: TaskDocument, mentions: Any, actors: Any) -> list[GoldMention]:
    """The extractor's actor mentions as token ranges with MEANTIME types."""
    type_of = {a.key: TYPE_OF_ACTOR[a.type] for a in actors}
    out: list[GoldMention] = []
    for m in mentions:
        tokens = _token_range(task, m.start, m.end)
        if tokens is not None:
            out.append(GoldMention(*tokens, type_of[m.actor_key], "SYS"))
    return out


def system_timexes(task: TaskDocument, timexes: Any) -> list[TimexSpan]:
    out: list[TimexSpan] = []
    for t in timexes:
        tokens = _token_range(task, t.start, t.end)
        if tokens is not None:
            out.append(TimexSpan(*tokens, t.type, t.value))
    return out


def _overlaps(span: TimexSpan, first: int, last: int) -> bool:
    return span.first <= last and first <= span.last


def score_timexes(gold: list[TimexSpan], system: list[TimexSpan]) -> dict[str, int]:
    """TempEval-3 counts: identical extents paired first, then overlapping ones, one to one."""
    pairs: list[tuple[TimexSpan, TimexSpan]] = []
    free_gold, free_system = list(gold), list(system)
    for same_extent in (True, False):
        for s in list(free_system):
            for g in free_gold:
                hit = (
                    (g.first, g.last) == (s.first, s.last)
                    if same_extent
                    else (g.first <= s.last and s.first <= g.last)
                )
                if hit:
                    pairs.append((g, s))
                    free_gold.remove(g)
                    free_system.remove(s)
                    break
    return {
        "system": len(system),
        "gold": len(gold),
        "strict": sum((g.first, g.last) == (s.first, s.last) for g, s in pairs),
        "relaxed": len(pairs),
        "value": sum(g.value == s.value for g, s in pairs),
        "type": sum(g.type == s.type for g, s in pairs),
    }


def timex_f1(counts: dict[str, int]) -> dict[str, float]:
    """F1 per measure; for value and type, TempEval-3's F1 = correct / system and / gold."""
    out: dict[str, float] = {}
    for measure in ("strict", "relaxed", "value", "type"):
        hits = counts[measure]
        p = hits / counts["system"] if counts["system"] else 0.0
        r = hits / counts["gold"] if counts["gold"] else 0.0
        out[measure] = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return out


def score(
    gold: list[GoldMention], system: list[GoldMention], *, strict: bool = False
) -> dict[str, int]:
    """One-to-one matches of system to gold mentions of the same type (greedy, text order)."""
    used: set[int] = set()
    matched = 0
    for s in sorted(system, key=lambda m: (m.first, m.last)):
        for k, g in enumerate(gold):
            if k in used or g.type != s.type:
                continue
            hit = (
                (g.first, g.last) == (s.first, s.last)
                if strict
                else (g.first <= s.last and s.first <= g.last)
            )
            if hit:
                used.add(k)
                matched += 1
                break
    return {"matched": matched, "system": len(system), "gold": len(gold)}


def prf(counts: dict[str, int]) -> dict[str, float]:
    p = counts["matched"] / counts["system"] if counts["system"] else 0.0
    r = counts["matched"] / counts["gold"] if counts["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), **counts}


def meantime_scores(corpus_dir: Path, model: str | None = None) -> dict:
    """P/R/F1 of actor mentions and timexes over a MEANTIME folder of CAT files (searched
    recursively).

    Give it `meantime/intra-doc_annotation/corpus_apple`; pointing it at the top folder
    would read each article twice (both annotation versions).
    Only the sentences MEANTIME annotated are scored (see `read_cat`).
    Returns {"named": {...}, "all": {...}, "named_strict": {...}, "timex": {...},
    "documents": n}: each actor view with overall and per-type precision, recall, f1 and
    counts; "timex" with counts and strict, relaxed, value and type F1.
    """
    read = [
        read_cat(p.read_text(encoding="utf-8"), str(p))
        for p in sorted(Path(corpus_dir).rglob("*.xml"))
    ]
    read = [cat for cat in read if cat.task.tokens]
    parses = parse_task_documents([cat.task for cat in read], model)
    version = extractor_version()
    totals: dict[str, dict[str, dict[str, int]]] = {}
    timex_counts: dict[str, int] = {}
    for cat, parse in zip(read, parses, strict=True):
        task, gold, last = cat.task, cat.mentions, cat.last_sentence
        extraction = extract(task.document, parse, version)
        # The creation time is not scored (TempEval-3), also where the text writes it out.
        found = [
            t
            for t in system_timexes(task, extraction.timexes)
            if task.tokens[t.first].sentence_id <= last
            and not (cat.creation_tokens and _overlaps(t, *cat.creation_tokens))
        ]
        for key, value in score_timexes(cat.timexes, found).items():
            timex_counts[key] = timex_counts.get(key, 0) + value
        system = system_mentions(task, extraction.mentions, extraction.actors)
        system = [m for m in system if task.tokens[m.first].sentence_id <= last]
        gold = [g for g in gold if g.type in SCORED_TYPES]
        views = {
            "named": (gold_named := [g for g in gold if g.syntactic_type == "NAM"], False),
            "named_strict": (gold_named, True),
            "all": (gold, False),
        }
        for view, (gold_view, strict) in views.items():
            for kind in (*SCORED_TYPES, "overall"):
                g = [m for m in gold_view if kind == "overall" or m.type == kind]
                s = [m for m in system if kind == "overall" or m.type == kind]
                c = score(g, s, strict=strict)
                bucket = totals.setdefault(view, {}).setdefault(kind, dict.fromkeys(c, 0))
                for key, value in c.items():
                    bucket[key] += value
    result: dict[str, Any] = {
        view: {kind: prf(c) for kind, c in kinds.items()} for view, kinds in totals.items()
    }
    result["timex"] = {**timex_counts, **timex_f1(timex_counts)} if timex_counts else {}
    result["documents"] = len(read)
    return result


if __name__ == "__main__":  # python -m evaluation.meantime MEANTIME_CORPUS_DIR
    import json

    print(json.dumps(meantime_scores(Path(sys.argv[1])), indent=2))
