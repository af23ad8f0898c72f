-- Key events: the dashboard's first view, one row per card on its timeline. With $story
-- NULL, the corpus's key-event timeline (scope 'corpus'); with a story group's id, the
-- key dates of that story (scope 'story').
--   corpus: the key dates and their sentences that the key-event timeline stage chose
--           (`key_timeline`, scope 'corpus', refreshed by every run: issue 15), one card per
--           sentence, ranked by the date's rank, then the sentence's. A card's event is the
--           sentence's event dated that day, else its most salient event (none when the
--           sentence has no event).
--   story:  per date the story's key happenings fall on (`is_key`: the 1-3 events of each
--           document a timeline editor would show, issue 14), the most salient of them
--           (ties: the one more documents report, then story order), ranked by salience
--           times the documents that report it, then newest first.
-- A story's key date is a day, a week or a month: an event dated only to a season, a year
-- or a decade stays in `timeline` and the other charts, not here. One card per sentence.
--
-- Output columns:
--   scope           'corpus' or 'story'
--   story_group     the near-duplicate story group of the card's document
--   rank            1 = the most important row of its scope
--   score           importance in [0, 1] within the scope (1 = the top row's)
--   salience        the card's event's own salience (`timeline.salience`; 0 without one)
--   date_start, date_end, date_precision, date_value: the key date (DATE, DATE, precision,
--                   the TIMEX3 value)
--   date_text       the time expression as written ("on Friday"), NULL when the card's
--                   event has none for that date
--   date_basis, anchor_basis: how the date was anchored (`timeline` columns); a corpus
--                   card whose event is not dated that day has date_basis 'key_date' (the
--                   day is the timeline's: its articles refer to it or report it)
--   event_id, trigger, event_type, quad_class: the event the card tells (NULL when none)
--   sentence        the sentence that says what happened, cut at $max_text characters
--   doc_id, sentence_index, char_start, char_end: provenance (the event's trigger offsets
--                   into `documents.text`, the sentence's without an event)
--   actors          the event's canonical actor names (`timeline.actor`), in text order
--   actor_keys      their canonical keys, in the same order (VARCHAR[])
--   title, source, url, published: the document to read it in; `url` only when it is a
--                   web address (http or https), else NULL
--   documents       stories carrying the sentence (corpus: syndicated copies count once)
--                   or documents reporting the story's key happenings of that date (story)
--   day_events      the cards of that date (corpus) or the story's key happenings on it
-- Parameters: $story VARCHAR (NULL for the corpus), $max_events INTEGER, $max_text INTEGER.
WITH happenings AS (
    SELECT DISTINCT
        event_id, doc_id, sentence_index, char_start, date_start, date_end, date_precision,
        is_key, salience, cluster_id, story_group, published
    FROM timeline
    WHERE $story IS NULL OR story_group = $story
),
reach AS (
    SELECT cluster_id, count(DISTINCT doc_id) AS documents
    FROM happenings
    GROUP BY cluster_id
),
-- Each key happening once: its most salient dated key report, the first published of equals.
key_reports AS (
    SELECT h.*, r.documents, h.salience * r.documents AS importance
    FROM happenings AS h
    JOIN reach AS r ON r.cluster_id = h.cluster_id
    WHERE h.is_key AND h.date_start IS NOT NULL AND h.date_precision IN ('day', 'week', 'month')
    QUALIFY row_number() OVER (
        PARTITION BY h.cluster_id
        ORDER BY h.salience DESC, h.published NULLS LAST, h.doc_id, h.char_start, h.event_id
    ) = 1
),
-- A card tells a sentence: two key events of one sentence are one card, the more salient.
key_happenings AS (
    SELECT *
    FROM key_reports AS k
    QUALIFY row_number() OVER (
        PARTITION BY k.doc_id, k.sentence_index
        ORDER BY k.importance DESC, k.char_start, k.event_id
    ) = 1
),
-- The corpus's cards: the key-event timeline's sentences, each with its event.
timeline_sentences AS (
    SELECT
        kt.date, kt.date_rank, kt.date_score, kt.sentence_rank, kt.doc_id, kt.sentence_index,
        kt.char_start, kt.char_end, kt.support,
        count(*) OVER (PARTITION BY kt.date) AS day_events
    FROM key_timeline AS kt
    WHERE $story IS NULL AND kt.scope = 'corpus'
),
-- Each sentence's event: the one dated that day, else the most salient (none without).
told_events AS (
    SELECT
        t.*,
        e.event_id,
        coalesce(e.char_start, t.char_start) AS card_start,
        coalesce(e.char_end, t.char_end) AS card_end,
        coalesce(t.date BETWEEN e.date_start AND e.date_end, false) AS dated_that_day
    FROM timeline_sentences AS t
    LEFT JOIN events AS e ON e.doc_id = t.doc_id AND e.sentence_index = t.sentence_index
    QUALIFY row_number() OVER (
        PARTITION BY t.date, t.sentence_rank
        ORDER BY dated_that_day DESC, e.salience DESC NULLS LAST, e.char_start NULLS LAST,
            e.event_id
    ) = 1
),
corpus AS (
    SELECT
        'corpus' AS scope,
        date AS card_date,
        event_id,
        doc_id,
        sentence_index,
        card_start AS char_start,
        card_end AS char_end,
        dated_that_day,
        support AS documents,
        day_events,
        row_number() OVER (ORDER BY date_rank, sentence_rank) AS rank,
        coalesce(date_score / nullif(max(date_score) OVER (), 0), 1.0) AS score
    FROM told_events
),
story_days AS (
    SELECT date_start, date_end, count(*) AS day_events, count(DISTINCT doc_id) AS documents
    FROM key_happenings
    WHERE $story IS NOT NULL
    GROUP BY date_start, date_end
),
story AS (
    SELECT
        'story' AS scope,
        $story AS story_group,
        k.event_id,
        sd.documents,
        sd.day_events,
        k.salience * sd.documents AS importance
    FROM key_happenings AS k
    JOIN story_days AS sd ON sd.date_start = k.date_start AND sd.date_end = k.date_end
    QUALIFY row_number() OVER (
        PARTITION BY k.date_start, k.date_end
        ORDER BY k.salience DESC, k.documents DESC, k.published NULLS LAST, k.doc_id,
            k.char_start, k.event_id
    ) = 1
),
-- The story's cards, by importance (salience times documents), then newest first.
story_cards AS (
    SELECT
        k.scope, NULL::DATE AS card_date, k.event_id, e.doc_id, e.sentence_index,
        e.char_start, e.char_end, true AS dated_that_day, k.documents, k.day_events,
        row_number() OVER (
            ORDER BY k.importance DESC, e.date_start DESC, e.doc_id, e.char_start, e.event_id
        ) AS rank,
        coalesce(k.importance / nullif(max(k.importance) OVER (), 0), 1.0) AS score
    FROM story AS k
    JOIN events AS e ON e.event_id = k.event_id
),
-- One row per card, from either scope.
key_rows AS (
    SELECT * FROM corpus
    UNION ALL BY NAME
    SELECT * FROM story_cards
),
participants AS (
    SELECT
        t.event_id,
        list(t.actor ORDER BY t.mention_start, t.actor_key) AS actors,
        list(t.actor_key ORDER BY t.mention_start, t.actor_key) AS actor_keys
    FROM timeline AS t
    WHERE t.actor_key IS NOT NULL AND t.event_id IN (SELECT event_id FROM key_rows)
    GROUP BY t.event_id
)
SELECT
    k.scope,
    coalesce(g.group_id, k.doc_id) AS story_group,
    CAST(k.rank AS INTEGER) AS rank,
    CAST(k.score AS DOUBLE) AS score,
    coalesce(e.salience, 0.0) AS salience,
    coalesce(k.card_date, e.date_start) AS date_start,
    coalesce(k.card_date, e.date_end) AS date_end,
    CASE WHEN k.card_date IS NULL THEN e.date_precision ELSE 'day' END AS date_precision,
    CASE WHEN k.card_date IS NULL THEN e.date_value ELSE strftime(k.card_date, '%Y-%m-%d') END
        AS date_value,
    CASE WHEN k.dated_that_day THEN e.date_text END AS date_text,
    CASE WHEN k.dated_that_day THEN e.date_basis ELSE 'key_date' END AS date_basis,
    CASE WHEN k.dated_that_day THEN e.anchor_basis END AS anchor_basis,
    e.event_id, e.trigger, e.event_type, e.quad_class,
    CASE WHEN length(s.text) > $max_text
        THEN left(s.text, $max_text - 1) || '…' ELSE s.text END AS sentence,
    k.doc_id,
    k.sentence_index,
    k.char_start,
    k.char_end,
    coalesce(p.actors, []) AS actors,
    coalesce(p.actor_keys, []) AS actor_keys,
    d.title,
    d.source,
    CASE WHEN regexp_matches(d.url, '^https?://', 'i') THEN d.url END AS url,
    d.published,
    CAST(k.documents AS INTEGER) AS documents,
    CAST(k.day_events AS INTEGER) AS day_events
FROM key_rows AS k
JOIN documents AS d ON d.doc_id = k.doc_id
LEFT JOIN events AS e ON e.event_id = k.event_id
LEFT JOIN story_groups AS g ON g.doc_id = k.doc_id
LEFT JOIN sentences AS s ON s.doc_id = k.doc_id AND s.sentence_index = k.sentence_index
LEFT JOIN participants AS p ON p.event_id = k.event_id
WHERE k.rank <= $max_events
ORDER BY k.rank;
