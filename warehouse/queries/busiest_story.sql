-- The story the dashboard's "One story" chart tells: the near-duplicate story group with the
-- most key dates (distinct dates of its key events, `events.is_key`, as `key_events` shows
-- them: days, weeks and months), then the most key events, then the most
-- documents, then the newest. `title` is its earliest document's title, `source` and
-- `published` that document's.
-- Parameters: none.
WITH key_events_of_stories AS (
    SELECT
        coalesce(g.group_id, e.doc_id) AS story_group,
        e.date_start,
        e.date_end,
        coalesce(c.cluster_id, e.event_id) AS cluster_id
    FROM events AS e
    LEFT JOIN story_groups AS g ON g.doc_id = e.doc_id
    LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
    WHERE coalesce(e.is_key, false) AND e.date_start IS NOT NULL
      AND e.date_precision IN ('day', 'week', 'month')
),
ranked AS (
    SELECT
        story_group,
        count(DISTINCT (date_start, date_end)) AS dates,
        count(DISTINCT cluster_id) AS key_events
    FROM key_events_of_stories
    GROUP BY story_group
),
documents_of_stories AS (
    SELECT
        coalesce(g.group_id, d.doc_id) AS story_group,
        d.title,
        d.source,
        d.published,
        count(*) OVER (PARTITION BY coalesce(g.group_id, d.doc_id)) AS documents
    FROM documents AS d
    LEFT JOIN story_groups AS g ON g.doc_id = d.doc_id
    QUALIFY row_number() OVER (
        PARTITION BY coalesce(g.group_id, d.doc_id) ORDER BY d.published NULLS LAST, d.doc_id
    ) = 1
)
SELECT r.story_group, f.title, f.source, f.published, r.dates, r.key_events, f.documents
FROM ranked AS r
JOIN documents_of_stories AS f ON f.story_group = r.story_group
ORDER BY r.dates DESC, r.key_events DESC, f.documents DESC, f.published DESC NULLS LAST,
    r.story_group
LIMIT 1;
