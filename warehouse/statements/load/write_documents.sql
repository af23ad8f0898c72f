INSERT INTO documents BY NAME
SELECT s.* REPLACE (coalesce(p.first_seen, $loaded_at) AS first_seen, $loaded_at AS loaded_at)
FROM staged_documents AS s
JOIN load_plan AS p USING (doc_id)
WHERE p.action IN ('new', 'changed');
