-- Candidate near-duplicates: pairs of stored documents sharing an LSH band key, each pair
-- once (first id < second id). A self-join, so no run compares every pair.
SELECT DISTINCT a.doc_id, b.doc_id
FROM document_bands AS a
JOIN document_bands AS b ON b.band_key = a.band_key AND a.doc_id < b.doc_id
SEMI JOIN documents AS da ON da.doc_id = a.doc_id
SEMI JOIN documents AS db ON db.doc_id = b.doc_id;
