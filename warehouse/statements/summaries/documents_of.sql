-- The title, source, address and publication date of the documents a timeline quotes.
SELECT doc_id, title, source, url, published
FROM documents
WHERE doc_id IN (SELECT unnest($doc_ids));
