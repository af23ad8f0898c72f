-- Documents for the dashboard, newest first, with their DCT (`published`, and where it came
-- from: `dct_basis`), source and how much was extracted from each. `story_group` links
-- near-duplicate copies of one story (the document's own id until grouped).
-- Parameters: $max_documents INTEGER.
SELECT
    d.doc_id,
    d.title,
    d.source,
    d.url,
    d.published,
    d.dct_basis,
    (SELECT count(*) FROM events AS e WHERE e.doc_id = d.doc_id) AS events,
    (SELECT count(*) FROM sources AS s WHERE s.doc_id = d.doc_id) AS sources,
    coalesce(g.group_id, d.doc_id) AS story_group
FROM documents AS d
LEFT JOIN story_groups AS g ON g.doc_id = d.doc_id
ORDER BY d.published DESC NULLS LAST, d.doc_id
LIMIT $max_documents;
