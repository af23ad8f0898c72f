-- The band keys of the documents $doc_ids, before their backfilled signatures' are written.
DELETE FROM document_bands WHERE list_contains($doc_ids, doc_id);
