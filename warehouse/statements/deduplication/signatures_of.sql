-- The stored signatures of the documents $doc_ids.
SELECT doc_id, minhashes, shingles
FROM document_signatures
WHERE list_contains($doc_ids, doc_id);
