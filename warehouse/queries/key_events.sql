-- Key events: the dashboard's first view, one row per card on its timeline. With $story
-- NULL, the key events of the whole corpus (scope 'corpus'); with a story group's id, the
-- key dates of that story (scope 'story').
--
-- The rows come from the events' `is_key` and `salience` (issue 14: the 1-3 events of each
-- document a timeline editor would show) until the key-event timeline stage (issue 15)
-- gives the key dates and their sentences: that stage replaces the CTE `key_rows` (one row
-- per card: scope, story_group, rank, score, event_id, documents, day_events); everything
-- after it only fills in the card (date, sentence, actors, source link, story).
--   corpus: each key happening once (a duplicate cluster's most salient dated key report,
--           the first published of equals), ranked by salience times the documents that report it, then
--           newest first.
--   story:  per date the story's key happenings fall on, the most salient of them (ties:
--           the one more documents report, then story order), ranked as the corpus's.
-- A key date is a day, a week or a month: an event dated only to a season, a year or a
-- decade stays in `timeline` and the other charts, not here. One card per sentence.
--
-- Output columns:
--   scope           'corpus' or 'story'
--   story_group     the near-duplicate story group (`timeline.story_group`)
--   rank            1 = the most important row of its scope (ties broken by date, newest
--                   first, then story order)
--   score           importance in [0, 1] within the scope (1 = the top row's)
--   salience        the event's own salience (`timeline.salience`)
--   date_start, date_end, date_precision, date_value: the key date (DATE, DATE, precision,
--                   the TIMEX3 value)
--   date_text       the time expression as written ("on Friday"), NULL for a date taken
--                   from the publication date
--   date_basis, anchor_basis: how the date was anchored (`timeline` columns)
--   event_id, trigger, event_type, quad_class: the event the card tells
--   sentence        the sentence that says what happened, cut at $max_text characters
--   doc_id, sentence_index, char_start, char_end: provenance (trigger offsets into
--                   `documents.text`)
--   actors          the event's canonical actor names (`timeline.actor`), in text order
--   actor_keys      their canonical keys, in the same order (VARCHAR[])
--   title, source, url, published: the document to read it in; `url` only when it is a
--                   web address (http or https), else NULL
--   documents       how many documents report the happening (corpus) or the story's key
--                   happenings of that date (story)
--   day_events      the story's key happenings on that date (story scope; 1 for the corpus)
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
corpus AS (
    SELECT 'corpus' AS scope, story_group, event_id, documents, 1 AS day_events, importance
    FROM key_happenings
    WHERE $story IS NULL
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
-- The rows the key-event timeline stage will give: one per card.
key_rows AS (
    SELECT
        k.scope,
        k.story_group,
        k.event_id,
        k.documents,
        k.day_events,
        row_number() OVER (
            ORDER BY k.importance DESC, e.date_start DESC, e.doc_id, e.char_start, e.event_id
        ) AS rank,
        coalesce(k.importance / nullif(max(k.importance) OVER (), 0), 1.0) AS score
    FROM (SELECT * FROM corpus UNION ALL BY NAME SELECT * FROM story) AS k
    JOIN events AS e ON e.event_id = k.event_id
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
    k.story_group,
    CAST(k.rank AS INTEGER) AS rank,
    CAST(k.score AS DOUBLE) AS score,
    coalesce(e.salience, 0.0) AS salience,
    e.date_start, e.date_end, e.date_precision, e.date_value,
    e.date_text, e.date_basis, e.anchor_basis,
    e.event_id, e.trigger, e.event_type, e.quad_class,
    CASE WHEN length(s.text) > $max_text
        THEN left(s.text, $max_text - 1) || '…' ELSE s.text END AS sentence,
    e.doc_id,
    e.sentence_index,
    e.char_start,
    e.char_end,
    coalesce(p.actors, []) AS actors,
    coalesce(p.actor_keys, []) AS actor_keys,
    d.title,
    d.source,
    CASE WHEN regexp_matches(d.url, '^https?://', 'i') THEN d.url END AS url,
    d.published,
    CAST(k.documents AS INTEGER) AS documents,
    CAST(k.day_events AS INTEGER) AS day_events
FROM key_rows AS k
JOIN events AS e ON e.event_id = k.event_id
JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN sentences AS s ON s.doc_id = e.doc_id AND s.sentence_index = e.sentence_index
LEFT JOIN participants AS p ON p.event_id = k.event_id
WHERE k.rank <= $max_events
ORDER BY k.rank;
