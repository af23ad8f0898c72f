-- What is stored of the documents $doc_ids: the version and text digest a load compares.
SELECT doc_id, extractor_version, content_sha
FROM documents
WHERE list_contains($doc_ids, doc_id);
