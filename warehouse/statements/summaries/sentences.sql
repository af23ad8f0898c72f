-- What summarization reads of each sentence (`summaries.articles`): its text and offsets,
-- the time expressions in it that resolve to one day, whether one says its news is from
-- some time back without a day ("recently"), and what its events say of it.
-- Only documents published in [$since, $until] when either is given (NULL: open), the
-- scope's publication range; the slice itself is decided by
-- `transforms.summarization.scope`, this only spares reading the rest.
WITH documents_in_range AS (
    SELECT d.doc_id, d.published, d.title, coalesce(g.group_id, d.doc_id) AS story
    FROM documents AS d
    LEFT JOIN story_groups AS g ON g.doc_id = d.doc_id
    WHERE ($since IS NULL OR d.published >= $since) AND ($until IS NULL OR d.published <= $until)
),
day_references AS (
    SELECT
        s.doc_id,
        s.sentence_index,
        list({
            'day': t.date_start, 'text': t.text, 'type': t.type, 'basis': t.basis,
            'start': t.char_start, 'end': t.char_end
        } ORDER BY t.char_start) AS refs
    FROM timexes AS t
    JOIN sentences AS s
      ON s.doc_id = t.doc_id AND t.char_start >= s.char_start AND t.char_start < s.char_end
    WHERE t.date_start IS NOT NULL AND t.date_start = t.date_end AND t.type IN ('DATE', 'TIME')
    GROUP BY s.doc_id, s.sentence_index
),
vaguely_past AS (
    SELECT DISTINCT s.doc_id, s.sentence_index
    FROM timexes AS t
    JOIN sentences AS s
      ON s.doc_id = t.doc_id AND t.char_start >= s.char_start AND t.char_start < s.char_end
    WHERE t.value = 'PAST_REF'
),
sentence_events AS (
    SELECT
        doc_id,
        sentence_index,
        count(*) AS events,
        count(*) FILTER (WHERE modality = 'asserted') AS asserted,
        list(DISTINCT date_start) FILTER (
            WHERE date_basis IN ('explicit', 'relative') AND date_start = date_end
        ) AS event_days
    FROM events
    GROUP BY doc_id, sentence_index
)
SELECT
    s.doc_id,
    d.published,
    d.title,
    d.story,
    s.sentence_index,
    s.char_start,
    s.char_end,
    s.text,
    r.refs,
    e.event_days,
    coalesce(e.events, 0) AS events,
    coalesce(e.asserted, 0) AS asserted,
    v.doc_id IS NOT NULL AS vaguely_past
FROM sentences AS s
JOIN documents_in_range AS d ON d.doc_id = s.doc_id
LEFT JOIN day_references AS r ON r.doc_id = s.doc_id AND r.sentence_index = s.sentence_index
LEFT JOIN sentence_events AS e ON e.doc_id = s.doc_id AND e.sentence_index = s.sentence_index
LEFT JOIN vaguely_past AS v ON v.doc_id = s.doc_id AND v.sentence_index = s.sentence_index
ORDER BY s.doc_id, s.sentence_index;
