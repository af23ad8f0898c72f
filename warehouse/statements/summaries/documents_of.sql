-- The title, source, address, publication date and input file of the documents a timeline
-- quotes (the file names a document that has no title).
SELECT d.doc_id, d.title, d.source, d.url, d.published,
       (SELECT min(s.path) FROM sources AS s WHERE s.doc_id = d.doc_id) AS path
FROM documents AS d
WHERE d.doc_id IN (SELECT unnest($doc_ids));
