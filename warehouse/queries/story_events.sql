-- One story's events, one row each, in the order the story tells them: for the story
-- timeline. A story is one document or several (a cluster of reports of the same events),
-- so the documents come as a list; within the list, older documents first. Undated events
-- are kept (the story tells them too); `is_key` lets the chart show only the key ones.
-- Long texts are cut at $max_text characters.
-- Parameters: $doc_ids VARCHAR[], $max_events INTEGER, $max_text INTEGER.
SELECT
    t.event_id,
    t.doc_id,
    any_value(t.title) AS title,
    any_value(t.source) AS source,
    any_value(t.published) AS published,
    any_value(t.date_start) AS date_start,
    any_value(t.date_end) AS date_end,
    any_value(t.date_precision) AS date_precision,
    any_value(t.date_value) AS date_value,
    any_value(t.date_text) AS date_text,
    any_value(t.trigger) AS trigger,
    any_value(t.event_type) AS event_type,
    any_value(t.sentence_index) AS sentence_index,
    any_value(t.char_start) AS char_start,
    any_value(t.is_key) AS is_key,
    string_agg(DISTINCT t.actor, ', ' ORDER BY t.actor) AS actors,
    CASE WHEN length(any_value(t.sentence)) > $max_text
        THEN left(any_value(t.sentence), $max_text - 1) || '…'
        ELSE any_value(t.sentence) END AS sentence
FROM timeline AS t
WHERE list_contains($doc_ids, t.doc_id)
GROUP BY t.event_id, t.doc_id
ORDER BY any_value(t.published) NULLS LAST, t.doc_id, any_value(t.char_start), t.event_id
LIMIT $max_events;
