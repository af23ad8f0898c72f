-- The story the dashboard's "One story" chart tells: the near-duplicate story group whose
-- documents name the most distinct day-precise dates (the most key dates to choose from),
-- then the one with the most dated events, then the newest. `title` is its earliest
-- document's title, `source` and `published` that document's.
-- Parameters: none.
WITH events_of_stories AS (
    SELECT
        coalesce(g.group_id, e.doc_id) AS story_group,
        e.date_start,
        e.date_precision
    FROM events AS e
    LEFT JOIN story_groups AS g ON g.doc_id = e.doc_id
),
ranked AS (
    SELECT
        story_group,
        count(DISTINCT date_start) FILTER (WHERE date_precision = 'day') AS dates,
        count(date_start) AS dated_events
    FROM events_of_stories
    GROUP BY story_group
),
first_documents AS (
    SELECT coalesce(g.group_id, d.doc_id) AS story_group, d.title, d.source, d.published
    FROM documents AS d
    LEFT JOIN story_groups AS g ON g.doc_id = d.doc_id
    QUALIFY row_number() OVER (
        PARTITION BY coalesce(g.group_id, d.doc_id) ORDER BY d.published NULLS LAST, d.doc_id
    ) = 1
)
SELECT r.story_group, f.title, f.source, f.published, r.dates, r.dated_events
FROM ranked AS r
JOIN first_documents AS f ON f.story_group = r.story_group
ORDER BY r.dates DESC, r.dated_events DESC, f.published DESC NULLS LAST, r.story_group
LIMIT 1;
