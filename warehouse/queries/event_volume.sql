-- Events per period and category for the stacked volume chart: counted here, not in the
-- browser, so the chart holds one row per bar segment however many events there are.
-- Each happening counts once, however many mentions (syndicated copies, other reports)
-- it has: a duplicate cluster (`event_clusters`) is counted in the period and category
-- of its first dated mention (by date, then publication, as `timeline_clusters` picks
-- it), and in the period its date range starts in. `mentions` counts every report.
-- Parameters: $unit VARCHAR ('week' or 'month').
WITH mentions AS (
    SELECT
        coalesce(c.cluster_id, e.event_id) AS cluster_id,
        e.date_start,
        e.event_type,
        row_number() OVER (
            PARTITION BY coalesce(c.cluster_id, e.event_id)
            ORDER BY e.date_start, d.published NULLS LAST, e.doc_id, e.char_start, e.event_id
        ) AS rank,
        count(*) OVER (PARTITION BY coalesce(c.cluster_id, e.event_id)) AS reports
    FROM events AS e
    JOIN documents AS d ON d.doc_id = e.doc_id
    LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
    WHERE e.date_start IS NOT NULL
)
SELECT
    CAST(date_trunc($unit, date_start) AS DATE) AS period,
    event_type,
    count(*) AS events,
    sum(reports) AS mentions
FROM mentions
WHERE rank = 1
GROUP BY period, event_type
ORDER BY period, event_type;
