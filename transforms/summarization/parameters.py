"""The summarizer's tunable weights, in one place.

Every value here is general (no topic, source or corpus constant). The defaults were set
on the four development topics of Timeline17 by `evaluation/tls_fit.py`, a grid search
over a few of them scored with the benchmark's scorer; the README's "Timeline
summarization" section gives the grid, the command and the leave-one-topic-out figures
(each topic scored with the values fit on the other three).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parameters:
    # --- how a day's importance is scored --------------------------------------------------
    # A story's reference to a day counts this much when the text names the day ("June 25")
    # and this much when it was counted from the publication date ("on Friday"); the fit
    # weighs them alike: anchored to the publication date, "on Friday" names its day too.
    explicit_reference: float = 1.0
    relative_reference: float = 1.0
    # A reference from an article published on the day itself is the day's own news, a
    # weaker sign that the day mattered than a later article looking back at it; one made
    # before the day is an announcement of what may happen.
    same_day_reference: float = 0.5
    earlier_reference: float = 0.25
    # A day still recalled long after mattered more: a reference made `hindsight_days` or
    # more after the day weighs 1 + `hindsight` times one made the next day (linear between).
    # The last fit (README, "Timeline summarization") chose none.
    hindsight: float = 0.0
    hindsight_days: int = 30
    # The day's score: these weights times the (weighted) stories referring to the day and
    # the summed salience of its events, in proportion, and times log(1 + x) of the stories
    # published that day and the day after, how far publication that day stands above the
    # week before (the burst) and the stories with a key event (`is_key`) that day. Counted
    # in log(1 + x) too, the references gave a date F1 of 0.646 leave-one-topic-out against
    # 0.653 in proportion (README, "Timeline summarization").
    references: float = 1.0
    published: float = 0.5
    published_next_day: float = 0.25
    burst: float = 0.25
    salience: float = 0.5
    key_stories: float = 0.0
    burst_window_days: int = 7
    # A day next to one already on the timeline (the day before or after) has its score
    # times this when the days are chosen: the second day of a story mostly retells the
    # first, and the timeline has room for a day the first does not tell.
    next_to_chosen: float = 0.5
    # --- how much each day says ------------------------------------------------------------
    # The last `minor_days` of the timeline's days (a share, by rank) are told in
    # `minor_sentences` of the sentences asked for (rounded up, at least one): as an editor
    # gives a minor day a line, and the days least sure to matter cost the reader least.
    minor_days: float = 0.25
    minor_sentences: float = 0.5
    # --- which sentences may tell a day ------------------------------------------------------
    # Sentences referring to the day or reporting an event dated to it, and the first
    # `lead_sentences` of the articles published that day (the lead says what happened);
    # the leads of the next day's articles too, weighed `next_day_leads` in the centroid.
    lead_sentences: int = 3
    report_window_days: int = 100000  # a later article's reference tells the day only this soon
    next_day_leads: float = 0.5
    # --- how they are ranked -------------------------------------------------------------------
    # Similarity to the day's TF-IDF centroid, times a prior for what reference timelines
    # are made of: short factual statements, not quotes, questions or opinion.
    shortest_words: int = 8
    longest_words: int = 30
    length_penalty: float = 1.0
    quote_factor: float = 0.5
    question_factor: float = 0.3
    reported_factor: float = 0.7  # a sentence whose events are all reported speech
    names_day_bonus: float = 0.0  # a sentence that names the day itself
    # A chronology's entry on the day ("* April 28 - The Coast Guard says ..."): what a
    # timeline is written as, by an editor who chose the day and said what happened on it.
    entry_bonus: float = 2.0
    stamp_factor: float = 0.5  # one with a posting stamp in it: page furniture
    reports_day_bonus: float = 0.0  # one that reports, as fact, an event dated to the day
    salience_bonus: float = 0.0  # times the salience (0-1) of its most salient event
    key_bonus: float = 0.0  # one reporting a key event (`is_key`) of its document
    least_relevance: float = 0.0  # a share of the day's best below which none is chosen
    # Relevance is also raised by this power of the sentence's similarity to the whole
    # collection's topic, so a sentence about something else (an aside, a comment
    # section, another story on the page) loses to one on the story. The square root does
    # that without letting a sentence that retells the whole story (the closest to the
    # topic) beat the one that tells the day (the closest to the day's centroid).
    on_topic: float = 0.5
    # MMR: relevance (as a share of the day's best) minus this much of the similarity to
    # the closest sentence chosen already; one this similar is a repeat and never chosen.
    redundancy: float = 0.7
    duplicate_similarity: float = 0.8


DEFAULT = Parameters()
