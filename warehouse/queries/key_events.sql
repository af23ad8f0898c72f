-- Key events: the dashboard's first view, one row per card on its timeline. With $story
-- NULL, the key events of the whole corpus (scope 'corpus'); with a story group's id, the
-- key dates of that story (scope 'story').
--
-- STAND-IN until the key-event stage lands: issue 14's `timeline.is_key` / `salience` and
-- issue 15's tables of key dates and their sentences will replace the two CTEs `ledes`
-- and `story_dates` below; the output columns stay as documented here.
--   corpus: per story group, the lede event of its earliest document: the first event
--           with a day-precise date in the document's first content sentence (the opening
--           of an article tells its news; headline, byline and dateline are not content).
--           Ranked by how many documents tell the story, then newest first.
--   story:  per day-precise date the story's documents name, the event first told with
--           that date (in story order); the lede's date first, then dates by how many
--           happenings fall on them, then by date.
--
-- Output columns:
--   scope           'corpus' or 'story'
--   story_group     the near-duplicate story group (`timeline.story_group`)
--   rank            1 = the most important row of its scope (ties broken by date, newest
--                   first for the corpus, story order for a story)
--   score           importance in [0, 1] within the scope (1 = the top row's)
--   date_start, date_end, date_precision, date_value: the key date (DATE, DATE, 'day',
--                   the TIMEX3 value)
--   date_text       the time expression as written ("on Friday"), NULL for a date taken
--                   from the publication date
--   date_basis, anchor_basis: how the date was anchored (`timeline` columns)
--   event_id, trigger, event_type, quad_class: the event the card tells
--   sentence        the sentence that says what happened, cut at $max_text characters
--   doc_id, sentence_index, char_start, char_end: provenance (trigger offsets into
--                   `documents.text`)
--   actors          the event's actor names, in text order (VARCHAR[])
--   actor_keys      their keys, in the same order (VARCHAR[])
--   title, source, url, published: the document to read it in; `url` only when it is a
--                   web address (http or https), else NULL
--   documents       how many documents of the story tell the event's story (corpus) or
--                   name the date (story)
--   day_events      happenings of the story on that date (story scope; 1 for the corpus)
-- Parameters: $story VARCHAR (NULL for the corpus), $max_events INTEGER, $max_text INTEGER.
WITH content_sentences AS (
    SELECT
        s.doc_id,
        s.sentence_index,
        row_number() OVER (PARTITION BY s.doc_id ORDER BY s.sentence_index) AS nth
    FROM sentences AS s
    JOIN documents AS d ON d.doc_id = s.doc_id
    WHERE len(list_filter(
        d.content_spans, lambda span: s.char_start >= span.start AND s.char_start < span."end"
    )) > 0
),
day_events AS (
    SELECT
        e.*,
        coalesce(c.cluster_id, e.event_id) AS cluster_id,
        coalesce(g.group_id, e.doc_id) AS story_group,
        d.published
    FROM events AS e
    JOIN documents AS d ON d.doc_id = e.doc_id
    LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
    LEFT JOIN story_groups AS g ON g.doc_id = e.doc_id
    WHERE e.date_precision = 'day' AND e.date_start IS NOT NULL
      AND ($story IS NULL OR coalesce(g.group_id, e.doc_id) = $story)
),
story_sizes AS (
    SELECT coalesce(g.group_id, d.doc_id) AS story_group, count(*) AS documents
    FROM documents AS d
    LEFT JOIN story_groups AS g ON g.doc_id = d.doc_id
    GROUP BY 1
),
-- Stand-in for is_key: each document's lede event, then one per story group.
ledes AS (
    SELECT e.*
    FROM day_events AS e
    JOIN content_sentences AS cs
      ON cs.doc_id = e.doc_id AND cs.sentence_index = e.sentence_index AND cs.nth = 1
    QUALIFY row_number() OVER (PARTITION BY e.doc_id ORDER BY e.char_start, e.event_id) = 1
),
story_ledes AS (
    SELECT l.*, z.documents
    FROM ledes AS l
    JOIN story_sizes AS z ON z.story_group = l.story_group
    WHERE $story IS NULL
    QUALIFY row_number() OVER (
        PARTITION BY l.story_group ORDER BY l.published NULLS LAST, l.doc_id
    ) = 1
),
corpus AS (
    SELECT
        *,
        1 AS day_events,
        row_number() OVER (ORDER BY documents DESC, date_start DESC, doc_id, char_start) AS rank,
        documents / max(documents) OVER () AS score
    FROM story_ledes
),
-- Stand-in for the key dates of a story: each date it names, told by its first event.
story_dates AS (
    SELECT
        e.date_start,
        count(DISTINCT e.cluster_id) AS day_events,
        count(DISTINCT e.doc_id) AS documents,
        bool_or(l.event_id IS NOT NULL) AS has_lede,
        arg_min(e.event_id, (e.published, e.doc_id, e.char_start, e.event_id)) AS first_event
    FROM day_events AS e
    LEFT JOIN ledes AS l ON l.event_id = e.event_id
    WHERE $story IS NOT NULL
    GROUP BY e.date_start
),
story AS (
    SELECT
        e.*,
        sd.documents,
        sd.day_events,
        row_number() OVER (
            ORDER BY sd.has_lede DESC, sd.day_events DESC, sd.date_start
        ) AS rank,
        sd.day_events / max(sd.day_events) OVER () AS score
    FROM story_dates AS sd
    JOIN day_events AS e ON e.event_id = sd.first_event
),
chosen AS (
    SELECT 'corpus' AS scope, * FROM corpus
    UNION ALL BY NAME
    SELECT 'story' AS scope, * FROM story
),
participants AS (
    SELECT
        ea.event_id,
        list(a.name ORDER BY ea.mention_start, a.actor_key) AS actors,
        list(a.actor_key ORDER BY ea.mention_start, a.actor_key) AS actor_keys
    FROM event_actor_roles AS ea
    JOIN actors AS a ON a.actor_key = ea.actor_key
    WHERE ea.event_id IN (SELECT event_id FROM chosen)
    GROUP BY ea.event_id
)
SELECT
    k.scope,
    k.story_group,
    CAST(k.rank AS INTEGER) AS rank,
    CAST(k.score AS DOUBLE) AS score,
    k.date_start,
    k.date_end,
    k.date_precision,
    k.date_value,
    k.date_text,
    k.date_basis,
    k.anchor_basis,
    k.event_id,
    k.trigger,
    k.event_type,
    k.quad_class,
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
FROM chosen AS k
JOIN documents AS d ON d.doc_id = k.doc_id
LEFT JOIN sentences AS s ON s.doc_id = k.doc_id AND s.sentence_index = k.sentence_index
LEFT JOIN participants AS p ON p.event_id = k.event_id
WHERE k.rank <= $max_events
ORDER BY k.rank;
