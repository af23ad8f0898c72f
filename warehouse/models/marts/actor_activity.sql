-- Per-actor activity: how many events and documents, and the span of dates covered.
-- `events` counts happenings (duplicate clusters), so a story syndicated ten times counts
-- once; `mentions` counts every report of them and `stories` the near-duplicate groups.
CREATE OR REPLACE VIEW actor_activity AS
SELECT
    actor_key,
    any_value(actor) AS actor,
    any_value(actor_type) AS actor_type,
    count(DISTINCT cluster_id) AS events,
    count(DISTINCT cluster_id) FILTER (WHERE date_start IS NOT NULL) AS dated_events,
    count(DISTINCT doc_id) AS documents,
    min(date_start) AS first_date,
    max(coalesce(date_end, date_start)) AS last_date,
    min(published) AS first_published,
    count(DISTINCT event_id) AS mentions,
    count(DISTINCT story_group) AS stories
FROM timeline
WHERE actor_key IS NOT NULL
GROUP BY actor_key;
