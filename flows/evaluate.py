"""Actor quality against MEANTIME: precision, recall and F1 of actor mentions.

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
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flows.semeval import parse_task_documents
from flows.version import extractor_version
from transforms.extract import extract
from transforms.semeval import TaskDocument, build_task_document

TYPE_OF_ACTOR = {"person": "PER", "organisation": "ORG", "country": "LOC", "place": "LOC"}
SCORED_TYPES = ("PER", "ORG", "LOC")


@dataclass(frozen=True)
class GoldMention:
    first: int  # token indexes into TaskDocument.tokens, inclusive
    last: int
    type: str
    syntactic_type: str


def read_cat(xml_text: str, path: str = "") -> tuple[TaskDocument, list[GoldMention], int]:
    """One MEANTIME CAT file: the document (title sentence included), its gold mentions,
    and the last sentence id annotated at all.

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
    for node in markables if markables is not None else ():
        if node.tag == "TIMEX3" and node.get("functionInDocument") == "CREATION_TIME":
            try:
                dct = date.fromisoformat((node.get("value") or "")[:10])
            except ValueError:
                dct = None
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
    return task, gold, last_sentence


def system_mentions(task: TaskDocument, mentions: Any, actors: Any) -> list[GoldMention]:
    """The extractor's actor mentions as token ranges with MEANTIME types."""
    type_of = {a.key: TYPE_OF_ACTOR[a.type] for a in actors}
    starts = {t.start: k for k, t in enumerate(task.tokens)}
    ends = {t.end: k for k, t in enumerate(task.tokens)}
    out: list[GoldMention] = []
    for m in mentions:
        first = starts.get(m.start)
        last = ends.get(m.end)
        if first is None or last is None:
            covered = [k for k, t in enumerate(task.tokens) if t.start < m.end and t.end > m.start]
            if not covered:
                continue
            first, last = covered[0], covered[-1]
        out.append(GoldMention(first, last, type_of[m.actor_key], "SYS"))
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


def meantime_actor_scores(corpus_dir: Path, model: str | None = None) -> dict:
    """P/R/F1 of actor mentions over a MEANTIME folder of CAT files (searched recursively).

    Give it `meantime/intra-doc_annotation/corpus_apple`; pointing it at the top folder
    would read each article twice (both annotation versions).
    Only the sentences MEANTIME annotated are scored (see `read_cat`).
    Returns {"named": {...}, "all": {...}, "named_strict": {...}, "documents": n}, each
    view with overall and per-type precision, recall, f1 and counts.
    """
    read = [
        read_cat(p.read_text(encoding="utf-8"), str(p))
        for p in sorted(Path(corpus_dir).rglob("*.xml"))
    ]
    read = [(task, gold, last) for task, gold, last in read if task.tokens]
    parses = parse_task_documents([task for task, _, _ in read], model)
    version = extractor_version()
    totals: dict[str, dict[str, dict[str, int]]] = {}
    for (task, gold, last), parse in zip(read, parses, strict=True):
        extraction = extract(task.document, parse, version)
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
    result["documents"] = len(read)
    return result


if __name__ == "__main__":  # python -m flows.evaluate MEANTIME_CORPUS_DIR
    import json

    print(json.dumps(meantime_actor_scores(Path(sys.argv[1])), indent=2))
