-- Documents for the dashboard, newest first, with their DCT (`published`, and where it came
-- from: `dct_basis`), source and how much was extracted from each.
-- Parameters: $max_documents INTEGER.
SELECT
    d.doc_id,
    d.title,
    d.source,
    d.url,
    d.published,
    d.dct_basis,
    (SELECT count(*) FROM events AS e WHERE e.doc_id = d.doc_id) AS events,
    (SELECT count(*) FROM sources AS s WHERE s.doc_id = d.doc_id) AS sources
FROM documents AS d
ORDER BY d.published DESC NULLS LAST, d.doc_id
LIMIT $max_documents;
