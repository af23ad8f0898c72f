"""What a timeline is about: the whole corpus, or a slice of it.

A slice is a story group, an actor, a keyword query, a range of days and a range of
publication dates, any of them together. The range of days bounds the key dates only: the
timeline of May may be told by a June article looking back. The range of publication
dates bounds the articles (an article without a publication date is left out of it, as
nothing places it there); the benchmark's protocol sets both to one span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from transforms.summarization.records import ArticleRecord

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Scope:
    story: str | None = None  # a story group's id (or any of its documents' ids)
    actor: str | None = None  # an actor's name, as the user gave it
    # The actor's canonical keys (`ArticleRecord.actors`), which the warehouse resolves
    # from the name as `chronicle timeline` does; a name that resolves to none keeps nothing.
    actor_keys: frozenset[str] = frozenset()
    query: str | None = None  # words every article of the slice contains, any case
    since: date | None = None  # first key date, inclusive
    until: date | None = None  # last key date, inclusive
    published_since: date | None = None  # articles published from this day ...
    published_until: date | None = None  # ... to this one, inclusive

    def __post_init__(self) -> None:
        ranges = ((self.since, self.until), (self.published_since, self.published_until))
        for first, last in ranges:
            if first and last and first > last:
                raise ValueError(f"the range starts ({first}) after it ends ({last})")

    @property
    def label(self) -> str:
        """How the warehouse names the scope: `corpus`, or its filters, e.g.
        `actor=BP since=2010-05-01`."""
        parts = [
            f"{name}={value}"
            for name, value in (
                ("story", self.story),
                ("actor", self.actor),
                ("query", " ".join(words(self.query or ""))),
                ("since", self.since),
                ("until", self.until),
                ("published_since", self.published_since),
                ("published_until", self.published_until),
            )
            if value
        ]
        return " ".join(parts) or "corpus"

    def holds_day(self, day: date) -> bool:
        """Whether `day` may be a key date of the scope."""
        return _within(day, self.since, self.until)

    def holds_publication(self, published: date | None) -> bool:
        """Whether an article published on `published` belongs to the scope."""
        if self.published_since is None and self.published_until is None:
            return True
        if published is None:
            return False
        return _within(published, self.published_since, self.published_until)


def _within(day: date, first: date | None, last: date | None) -> bool:
    return (first is None or day >= first) and (last is None or day <= last)


def words(text: str) -> list[str]:
    """Lower-cased word tokens, the unit of a keyword query."""
    return _WORD.findall(text.lower())


def in_scope(articles: Iterable[ArticleRecord], scope: Scope) -> Iterator[ArticleRecord]:
    """The articles the slice keeps, in the order given."""
    wanted = set(words(scope.query or ""))
    for article in articles:
        if scope.story and scope.story not in (article.story, article.doc_id):
            continue
        if scope.actor and not scope.actor_keys & article.actors:
            continue
        if not scope.holds_publication(article.published):
            continue
        if wanted and not wanted <= _article_words(article):
            continue
        yield article


def _article_words(article: ArticleRecord) -> set[str]:
    found = set(words(article.title or ""))
    for sentence in article.sentences:
        found.update(words(sentence.text))
    return found
