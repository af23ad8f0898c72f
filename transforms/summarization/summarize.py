"""A scope's timeline: its key dates, each told by a few of its own sentences.

`summarize` is the summarizer (dates ranked by `dates.rank_days`, sentences chosen by
`sentences.choose_sentences`); `most_published` is the naive baseline it is measured
against (the days with the most articles, each told by the leads of that day's articles).
Both are extractive: every sentence is one of the articles', with its provenance.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from transforms.summarization.dates import next_best, rank_days
from transforms.summarization.parameters import DEFAULT, Parameters
from transforms.summarization.records import ArticleRecord, KeyDate, KeySentence, Summary
from transforms.summarization.scope import Scope, in_scope
from transforms.summarization.sentences import choose_sentences, day_candidates, text_key
from transforms.summarization.vectors import Vocabulary

DEFAULT_DATES = 20
DEFAULT_SENTENCES = 2


def summarize(
    articles: Iterable[ArticleRecord],
    scope: Scope | None = None,
    dates: int = DEFAULT_DATES,
    sentences: int = DEFAULT_SENTENCES,
    params: Parameters = DEFAULT,
) -> Summary:
    """The scope's `dates` most important days, each with up to `sentences` sentences.

    Days are taken best first (`dates.next_best`: a day next to one chosen weighs less);
    a day none of whose candidates is left (every one chosen for a better day already) is
    passed over for the next, so the timeline has `dates` days whenever the scope has that
    many days with something to tell. The last days taken say less (`sentences_for`).
    """
    scope = scope or Scope()
    kept = list(in_scope(articles, scope))
    ranked = rank_days(kept, scope, params)
    candidates = day_candidates(kept, params)
    vocabulary = Vocabulary({text_key(s.text): s.text for a in kept for s in a.sentences}.values())
    chosen_dates: list[KeyDate] = []
    chosen_sentences: list[KeySentence] = []
    taken: set[str] = set()
    pending = list(ranked)
    while pending and len(chosen_dates) < dates:
        key_date = pending.pop(next_best(pending, chosen_dates, params))
        told = choose_sentences(
            key_date.day,
            candidates.get(key_date.day, {}),
            vocabulary,
            sentences_for(len(chosen_dates), dates, sentences, params),
            taken,
            params,
        )
        if not told:
            continue
        chosen_dates.append(replace(key_date, rank=len(chosen_dates) + 1))
        chosen_sentences.extend(told)
    chosen_sentences.sort(key=lambda s: (s.day, s.rank))
    return Summary(scope.label, tuple(chosen_dates), tuple(chosen_sentences))


def sentences_for(taken: int, dates: int, sentences: int, params: Parameters = DEFAULT) -> int:
    """How many sentences the day taken after `taken` others may have: `sentences`, or for
    the timeline's last `minor_days` (a share of `dates`) `minor_sentences` of them."""
    if taken < dates * (1.0 - params.minor_days):
        return sentences
    return max(1, math.ceil(sentences * params.minor_sentences))


def most_published(
    articles: Iterable[ArticleRecord],
    scope: Scope | None = None,
    dates: int = DEFAULT_DATES,
    sentences: int = DEFAULT_SENTENCES,
) -> Summary:
    """The naive baseline: the days with the most articles published (ties: the earlier
    day), each told by the first sentences of that day's articles, in document order."""
    scope = scope or Scope()
    by_day: dict[date, list[ArticleRecord]] = {}
    for article in in_scope(articles, scope):
        if article.published is not None and scope.holds_day(article.published):
            by_day.setdefault(article.published, []).append(article)
    ranked = sorted(by_day.items(), key=lambda item: (-len(item[1]), item[0]))[:dates]
    key_dates = []
    told: list[KeySentence] = []
    for rank, (day, day_articles) in enumerate(ranked, 1):
        key_dates.append(KeyDate(day, rank, float(len(day_articles)), 0.0, len(day_articles), 0.0))
        seen: set[str] = set()
        for article in sorted(day_articles, key=lambda a: a.doc_id):
            lead = article.sentences[0] if article.sentences else None
            if lead is None or text_key(lead.text) in seen:
                continue
            seen.add(text_key(lead.text))
            told.append(KeySentence(day, len(seen), 1.0, lead, day, 1))
            if len(seen) >= sentences:
                break
    told.sort(key=lambda s: (s.day, s.rank))
    return Summary(scope.label, tuple(key_dates), tuple(told))
