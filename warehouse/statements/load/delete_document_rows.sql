-- The rows of the documents $doc_ids in one document table (`{table}`, see
-- `load.DOCUMENT_TABLES`): a replaced or retired document's rows go together.
DELETE FROM {table} WHERE list_contains($doc_ids, doc_id);
