"""Which sentences tell a day: the candidates, and the few chosen among them.

A day's candidates are the sentences that refer to it or report an event extraction dated
to it, and the leads of the articles published that day (and, weighed less, the day
after: news of an evening is printed next morning). Copies are one candidate: sentences
of the same text (syndicated copies, a paragraph reprinted) are kept once, with the
number of stories carrying them as their support.

Candidates are ranked as DATEWISE ranks them (Ghalandari & Ifrim 2020): by similarity to
the TF-IDF centroid of all of the day's candidates, so the sentence saying what most
reports say comes first; times a prior for what a reader wants on a timeline (a short
factual statement that names the day, not a quote, a question or reported speech; above
all a chronology's entry on the day, "* April 28 - The Coast Guard says ..."). The
day's sentences are then picked by maximal marginal relevance, so the second sentence
adds to the first instead of repeating it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from transforms.summarization.dates import ONE_DAY
from transforms.summarization.parameters import DEFAULT, Parameters
from transforms.summarization.records import ArticleRecord, KeySentence, SentenceRecord
from transforms.summarization.vectors import Vector, Vocabulary, centroid, cosine

_QUOTES = re.compile(r"[\"“”]|(?:^|\s)['‘]|['’](?:\s|$)")
_SPACE = re.compile(r"\s+")


@dataclass
class Candidate:
    """A sentence text that may tell a day, with every story that carries it."""

    sentence: SentenceRecord
    published: date | None
    weight: float  # how strongly it is about the day (1 a reference or event, less a lead)
    stories: set[str] = field(default_factory=set)
    names_day: bool = False
    reports_day: bool = False  # it reports, as fact, an event extraction dated to the day
    opening: int = 0  # characters that open it only to say the day (`DayReference.opening`)

    @property
    def entry(self) -> bool:
        """It opens with the day, as a chronology's entries do."""
        return self.opening > 0

    @property
    def shown(self) -> str:
        """The text a timeline shows under the day."""
        return self.sentence.text[self.opening :]

    @property
    def support(self) -> int:
        return len(self.stories)


def text_key(text: str) -> str:
    """Sentences with the same key are copies of one sentence."""
    return _SPACE.sub(" ", text).strip().lower()


def day_candidates(
    articles: Iterable[ArticleRecord], params: Parameters = DEFAULT
) -> dict[date, dict[str, Candidate]]:
    """Every day's candidates, by text key."""
    found: dict[date, dict[str, Candidate]] = defaultdict(dict)

    def add(day: date, sentence: SentenceRecord, article: ArticleRecord, weight: float) -> None:
        key = text_key(sentence.text)
        candidate = found[day].get(key)
        if candidate is None:
            candidate = found[day][key] = Candidate(sentence, article.published, weight)
        elif weight > candidate.weight:
            candidate.sentence, candidate.published = sentence, article.published
            candidate.weight = weight
        candidate.stories.add(article.story)
        if any(r.day == day and r.explicit and not r.stamp for r in sentence.references):
            candidate.names_day = True
        candidate.opening = max(
            (r.opening for r in candidate.sentence.references if r.day == day), default=0
        )
        if day in sentence.event_days and sentence.asserted:
            candidate.reports_day = True

    for article in articles:
        for sentence in article.sentences:
            if sentence.only_when:
                continue  # a day's heading: it tells nothing of what happened
            days = {reference.day for reference in sentence.references}
            days.update(sentence.event_days)
            for day in days:
                if (
                    article.published is None
                    or (article.published - day).days <= params.report_window_days
                ):
                    add(day, sentence, article, 1.0)
            # A lead that names another day is about that day, not the day it was printed; one
            # that says its news is from some time back ("recently") is about no day.
            if (
                article.published is None
                or sentence.index >= params.lead_sentences
                or days
                or sentence.vaguely_past
            ):
                continue
            add(article.published, sentence, article, 1.0)
            if params.next_day_leads > 0:
                add(article.published - ONE_DAY, sentence, article, params.next_day_leads)
    return found


def prior(candidate: Candidate, params: Parameters = DEFAULT) -> float:
    """What a timeline's sentence should be, as a factor: 1 for a factual statement of a
    reasonable length, less for quotes, questions, reported speech, fragments and
    run-ons; more for a chronology's entry on the day, and for one that names the day or
    whose events are salient or key, as far as their weights say."""
    sentence = candidate.sentence
    text = candidate.shown
    words = len(text.split())
    factor = 1.0
    if words < params.shortest_words:
        factor *= words / params.shortest_words
    elif words > params.longest_words:
        factor *= (params.longest_words / words) ** params.length_penalty
    if _QUOTES.search(text):
        factor *= params.quote_factor
    if text.rstrip().endswith("?"):
        factor *= params.question_factor
    if sentence.events and not sentence.asserted:
        factor *= params.reported_factor
    if any(reference.stamp for reference in sentence.references):
        factor *= params.stamp_factor
    if candidate.names_day:
        factor *= 1.0 + params.names_day_bonus
    if candidate.entry:
        factor *= 1.0 + params.entry_bonus
    if candidate.reports_day:
        factor *= 1.0 + params.reports_day_bonus
    if sentence.salience:
        factor *= 1.0 + params.salience_bonus * sentence.salience
    if sentence.key:
        factor *= 1.0 + params.key_bonus
    return factor


def choose_sentences(
    day: date,
    candidates: Mapping[str, Candidate],
    vocabulary: Vocabulary,
    count: int,
    taken: set[str],
    params: Parameters = DEFAULT,
) -> list[KeySentence]:
    """Up to `count` sentences for `day`, none whose text key is in `taken` (chosen for
    another day already); `taken` gains the chosen ones."""
    pool = [
        (key, c, vocabulary.vector(c.sentence.text))
        for key, c in candidates.items()
        if key not in taken
    ]
    pool = [item for item in pool if item[2]]
    if not pool:
        return []
    middle = centroid((vec, c.weight * c.support) for _, c, vec in pool)
    relevance = {
        key: cosine(vec, middle)
        * prior(c, params)
        * max(cosine(vec, vocabulary.topic), 0.0) ** params.on_topic
        for key, c, vec in pool
    }
    top = max(relevance.values()) or 1.0
    chosen: list[tuple[str, Candidate, Vector, float]] = []
    while pool and len(chosen) < count:
        best_index, best_value = -1, float("-inf")
        for index, (key, _, vec) in enumerate(pool):
            overlap = max((cosine(vec, other[2]) for other in chosen), default=0.0)
            if (
                overlap >= params.duplicate_similarity
                or relevance[key] < params.least_relevance * top
            ):
                continue  # says again what a chosen sentence says, or hardly tells the day
            value = relevance[key] / top - params.redundancy * overlap
            if value > best_value:
                best_index, best_value = index, value
        if best_index < 0:
            break
        key, candidate, vec = pool.pop(best_index)
        chosen.append((key, candidate, vec, relevance[key]))
        taken.add(key)
    return [
        KeySentence(
            day=day,
            rank=rank,
            score=round(score, 6),
            sentence=candidate.sentence,
            published=candidate.published,
            support=candidate.support,
            opening=candidate.opening,
        )
        for rank, (_, candidate, _, score) in enumerate(chosen, 1)
    ]
