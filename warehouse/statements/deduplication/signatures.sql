-- The signature of every stored document that has one, in doc_id order: story grouping
-- reads them whole, as arrays (`near_duplicates.SignatureMatrix`).
SELECT s.doc_id, s.minhashes, s.shingles
FROM document_signatures AS s
SEMI JOIN documents AS d ON d.doc_id = s.doc_id
ORDER BY s.doc_id;
