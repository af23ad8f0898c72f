"""What a timeline is about: the whole corpus, or a slice of it.

A slice is a story group, an actor, a keyword query and a date range, any of them
together. The range bounds both the articles (those published in it; an article without
a publication date is left out of a ranged slice, as nothing places it in the range) and
the key dates (only days in it), so "May 2010" is the timeline of May told by May's news.
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
    since: date | None = None  # first day, inclusive
    until: date | None = None  # last day, inclusive

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"the range starts ({self.since}) after it ends ({self.until})")

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
            )
            if value
        ]
        return " ".join(parts) or "corpus"

    def holds_day(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )


def words(text: str) -> list[str]:
    """Lower-cased word tokens, the unit of a keyword query."""
    return _WORD.findall(text.lower())


def in_scope(articles: Iterable[ArticleRecord], scope: Scope) -> Iterator[ArticleRecord]:
    """The articles the slice keeps, in the order given."""
    wanted = set(words(scope.query or ""))
    ranged = scope.since is not None or scope.until is not None
    for article in articles:
        if scope.story and scope.story not in (article.story, article.doc_id):
            continue
        if scope.actor and not scope.actor_keys & article.actors:
            continue
        if ranged and (article.published is None or not scope.holds_day(article.published)):
            continue
        if wanted and not wanted <= _article_words(article):
            continue
        yield article


def _article_words(article: ArticleRecord) -> set[str]:
    found = set(words(article.title or ""))
    for sentence in article.sentences:
        found.update(words(sentence.text))
    return found
