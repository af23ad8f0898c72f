-- The story the dashboard shows as a timeline: the document with the most dated events
-- (then the most events, then the newest), as a one-element list of document ids so the
-- story chart can take a cluster of documents the same way.
-- Parameters: none.
SELECT
    [e.doc_id] AS doc_ids,
    any_value(d.title) AS title,
    count(*) FILTER (WHERE e.date_start IS NOT NULL) AS dated_events,
    count(*) AS events
FROM events AS e
JOIN documents AS d ON d.doc_id = e.doc_id
GROUP BY e.doc_id
ORDER BY dated_events DESC, events DESC, any_value(d.published) DESC NULLS LAST, e.doc_id
LIMIT 1;
