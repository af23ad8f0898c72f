-- Events per period and category for the stacked volume chart: counted here, not in the
-- browser, so the chart holds one row per bar segment however many events there are.
-- Each happening counts once, however many mentions (syndicated copies, other reports)
-- it has: a duplicate cluster (`event_clusters`) is counted in the period and category
-- of its first dated mention (by date, then publication, as `timeline_clusters` picks
-- it), and in the period its date range starts in. `mentions` counts every report.
-- `period` is the day, the first day of the week (Monday, as DuckDB and ISO count weeks)
-- or of the month.
-- Rows with `actor_key` '' count every happening; for each canonical actor key of
-- $actor_keys (`timeline.actor_key`), rows with that key count the happenings naming that
-- actor by any of its names (any mention of the cluster), so the
-- chart can show one actor's slice without counting events twice.
-- Parameters: $unit VARCHAR ('day', 'week' or 'month'), $actor_keys VARCHAR[].
WITH mentions AS (
    SELECT
        coalesce(c.cluster_id, e.event_id) AS cluster_id,
        e.event_id,
        e.date_start,
        e.event_type,
        e.quad_class,
        row_number() OVER (
            PARTITION BY coalesce(c.cluster_id, e.event_id)
            ORDER BY e.date_start, d.published NULLS LAST, e.doc_id, e.char_start, e.event_id
        ) AS rank,
        count(*) OVER (PARTITION BY coalesce(c.cluster_id, e.event_id)) AS reports
    FROM events AS e
    JOIN documents AS d ON d.doc_id = e.doc_id
    LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
    WHERE e.date_start IS NOT NULL
),
firsts AS (
    SELECT * FROM mentions WHERE rank = 1
),
cluster_actors AS (
    SELECT DISTINCT m.cluster_id, ac.canonical_key AS actor_key
    FROM mentions AS m
    JOIN event_actor_roles AS ea ON ea.event_id = m.event_id
    JOIN actor_canonical AS ac ON ac.actor_key = ea.actor_key
    WHERE list_contains($actor_keys, ac.canonical_key)
),
slices AS (
    SELECT '' AS actor_key, f.* FROM firsts AS f
    UNION ALL
    SELECT ca.actor_key, f.* FROM firsts AS f JOIN cluster_actors AS ca USING (cluster_id)
)
SELECT
    CAST(date_trunc($unit, date_start) AS DATE) AS period,
    actor_key,
    event_type,
    coalesce(any_value(quad_class), 'neutral') AS quad_class,
    count(*) AS events,
    sum(reports) AS mentions
FROM slices
GROUP BY period, actor_key, event_type
ORDER BY period, actor_key, event_type;
