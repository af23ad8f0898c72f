-- A document table's staged rows (`{table}`: sentences, timexes, events, actor_aliases,
-- actor_mentions, event_actors, document_signatures, document_bands) for the documents the
-- plan writes; returns how many.
INSERT INTO {table} BY NAME
SELECT * FROM staged_{table}
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action IN ('new', 'changed'));
