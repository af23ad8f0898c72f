"""Which days matter: each day's evidence, and the days ranked by it.

A day matters when many stories refer to it (by a time expression, or by an event
extraction dated to it), above all later ones that name it ("on April 20 the rig
exploded"), when many stories are published on it or the day after, when
publication bursts above the week before, and when its events are salient (`salience`)
or key (`is_key`: among the 1-3 events of their document an editor would show). Syndicated
copies are one story (their near-duplicate group): a story counts once per day whatever
number of copies and sentences repeat the reference, with its strongest reference.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from transforms.summarization.parameters import DEFAULT, Parameters
from transforms.summarization.records import ArticleRecord, DayReference, KeyDate, SentenceRecord
from transforms.summarization.scope import Scope

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DayEvidence:
    references: float  # summed over stories: each story's strongest reference to the day
    published: int  # stories first published that day
    published_next_day: int
    burst: float  # log(1 + published) above log(1 + the mean of the window before)
    salience: float  # summed over stories: each story's most salient event of the day
    key_stories: int = 0  # stories with a key event (`is_key`) dated to the day


def reference_weight(
    reference: DayReference, published: date | None, params: Parameters = DEFAULT
) -> float:
    """How strongly one reference says its day mattered, given when it was written."""
    weight = params.explicit_reference if reference.explicit else params.relative_reference
    if published is None:
        return weight
    if published > reference.day:
        later = (published - reference.day).days
        return weight * (1.0 + params.hindsight * min(1.0, later / params.hindsight_days))
    if published == reference.day:
        return weight * params.same_day_reference
    return weight * params.earlier_reference


def day_evidence(
    articles: Iterable[ArticleRecord], params: Parameters = DEFAULT
) -> dict[date, DayEvidence]:
    """The evidence for every day an article refers to or was published on."""
    references: dict[str, dict[date, float]] = defaultdict(dict)
    salience: dict[str, dict[date, float]] = defaultdict(dict)
    key_days: dict[date, set[str]] = defaultdict(set)
    first_published: dict[str, date] = {}
    for article in articles:
        story = article.story
        if article.published is not None:
            earliest = first_published.get(story)
            if earliest is None or article.published < earliest:
                first_published[story] = article.published
        story_references = references[story]
        story_salience = salience[story]
        for sentence in article.sentences:
            for reference in _references(sentence):
                if reference.stamp:
                    continue  # when the page was posted: its publication, counted apart
                weight = reference_weight(reference, article.published, params)
                if weight > story_references.get(reference.day, 0.0):
                    story_references[reference.day] = weight
            if sentence.salience:
                for day in sentence.event_days:
                    if sentence.salience > story_salience.get(day, 0.0):
                        story_salience[day] = sentence.salience
            if sentence.key:
                for day in sentence.event_days:
                    key_days[day].add(story)
    reference_sum = _summed(references.values())
    salience_sum = _summed(salience.values())
    published: dict[date, int] = defaultdict(int)
    for day in first_published.values():
        published[day] += 1
    days = set(reference_sum) | set(published) | set(salience_sum) | set(key_days)
    return {
        day: DayEvidence(
            references=reference_sum.get(day, 0.0),
            published=published.get(day, 0),
            published_next_day=published.get(day + ONE_DAY, 0),
            burst=_burst(day, published, params.burst_window_days),
            salience=salience_sum.get(day, 0.0),
            key_stories=len(key_days.get(day, ())),
        )
        for day in days
    }


def day_score(evidence: DayEvidence, params: Parameters = DEFAULT) -> float:
    return (
        params.references * evidence.references
        + params.published * math.log1p(evidence.published)
        + params.published_next_day * math.log1p(evidence.published_next_day)
        + params.burst * evidence.burst
        + params.salience * evidence.salience
        + params.key_stories * math.log1p(evidence.key_stories)
    )


def rank_days(
    articles: list[ArticleRecord], scope: Scope, params: Parameters = DEFAULT
) -> list[KeyDate]:
    """Every candidate day of the scope, best first (ties: the earlier day first).

    Days outside the scope's range are never candidates, nor are days after the last
    publication (what is announced for later has not happened yet).
    """
    latest = max((a.published for a in articles if a.published is not None), default=None)
    evidence = day_evidence(articles, params)
    scored = [
        (day_score(found, params), day, found)
        for day, found in evidence.items()
        if scope.holds_day(day) and (latest is None or day <= latest)
    ]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [
        KeyDate(
            day=day,
            rank=rank,
            score=round(score, 6),
            references=found.references,
            published=found.published,
            salience=found.salience,
        )
        for rank, (score, day, found) in enumerate(scored, 1)
    ]


def next_best(pending: list[KeyDate], chosen: list[KeyDate], params: Parameters = DEFAULT) -> int:
    """The index in `pending` (ranked best first) of the day to take next: the best score,
    times `next_to_chosen` for the day before or after one chosen already, since a story's
    next day mostly retells its first (ties: the better ranked)."""
    near = {c.day + ONE_DAY * step for c in chosen for step in (-1, 1)}
    return max(
        range(len(pending)),
        key=lambda i: (
            pending[i].score * (params.next_to_chosen if pending[i].day in near else 1.0),
            -i,
        ),
    )


def _references(sentence: SentenceRecord) -> list[DayReference]:
    """The sentence's references to days: its time expressions, and the days of its events
    dated from elsewhere (the previous sentence's date), which name no day themselves."""
    named = {reference.day for reference in sentence.references}
    implied = [DayReference(day, False) for day in sentence.event_days if day not in named]
    return [*sentence.references, *implied]


def _summed(per_story: Iterable[dict[date, float]]) -> dict[date, float]:
    total: dict[date, float] = defaultdict(float)
    for days in per_story:
        for day, weight in days.items():
            total[day] += weight
    return total


def _burst(day: date, published: dict[date, int], window: int) -> float:
    if window <= 0:
        return 0.0
    before = sum(published.get(day - ONE_DAY * offset, 0) for offset in range(1, window + 1))
    return max(0.0, math.log1p(published.get(day, 0)) - math.log1p(before / window))
