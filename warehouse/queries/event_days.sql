-- Dated happenings per start day, for the time axis every chart shares: the axis covers
-- the bulk of these days (`presentation/timeaxis.py`). A happening reported by several
-- mentions (a duplicate cluster) counts once, on its first mention's day (by date, then
-- publication, as `timeline_clusters` picks it). Decades and centuries are left out, as in
-- the swimlane: "in the 1990s" says little about where a timeline's days are.
-- Parameters: none.
WITH firsts AS (
    SELECT e.date_start
    FROM events AS e
    JOIN documents AS d ON d.doc_id = e.doc_id
    LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
    WHERE e.date_start IS NOT NULL AND e.date_precision NOT IN ('decade', 'century')
    QUALIFY row_number() OVER (
        PARTITION BY coalesce(c.cluster_id, e.event_id)
        ORDER BY e.date_start, d.published NULLS LAST, e.doc_id, e.char_start, e.event_id
    ) = 1
)
SELECT date_start AS day, count(*) AS events
FROM firsts
GROUP BY date_start
ORDER BY date_start;
