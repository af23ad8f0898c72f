-- Documents for the chart index page, newest first, with how much was extracted from each.
-- Parameters: $max_documents INTEGER.
SELECT
    d.doc_id,
    d.title,
    d.source,
    d.url,
    d.published,
    (SELECT count(*) FROM events AS e WHERE e.doc_id = d.doc_id) AS events,
    (SELECT count(*) FROM sources AS s WHERE s.doc_id = d.doc_id) AS sources
FROM documents AS d
ORDER BY d.published DESC NULLS LAST, d.doc_id
LIMIT $max_documents;
