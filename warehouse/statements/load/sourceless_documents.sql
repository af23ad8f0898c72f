-- Of the documents $doc_ids, those no path holds any more.
SELECT doc_id
FROM documents AS d
WHERE list_contains($doc_ids, doc_id)
    AND NOT EXISTS (SELECT 1 FROM sources AS s WHERE s.doc_id = d.doc_id);
