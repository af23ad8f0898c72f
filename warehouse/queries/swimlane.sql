-- Rows for the actor swimlane chart: dated events of the $top_actors actors with the most
-- dated events (ties broken by actor_key so the set is stable), at most $max_rows rows.
-- Ordered as the stories tell them (date, document, position in the text), so that lanes
-- can follow the order in which actors appear.
-- Parameters: $top_actors INTEGER, $max_rows INTEGER.
WITH top_actors AS (
    SELECT actor_key, first_date
    FROM actor_activity
    WHERE dated_events > 0
    ORDER BY dated_events DESC, actor_key
    LIMIT $top_actors
)
SELECT
    t.event_id,
    t.date_start,
    t.date_end,
    t.date_precision,
    t.date_value,
    t.date_text,
    t.date_basis,
    t.actor_key,
    t.actor,
    t.actor_type,
    t.role,
    t.event_type,
    t.trigger,
    t.sentence,
    t.title,
    t.source,
    t.published,
    top_actors.first_date AS actor_first_date
FROM timeline AS t
JOIN top_actors ON top_actors.actor_key = t.actor_key
WHERE t.date_start IS NOT NULL
ORDER BY t.date_start, t.published, t.doc_id, t.char_start, t.actor_key
LIMIT $max_rows;
