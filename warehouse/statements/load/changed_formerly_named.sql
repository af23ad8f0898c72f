-- The actors the changed documents' old rows name, before those rows go: any of them
-- that no row names afterwards is deleted (re-extraction leaves no orphan actors).
-- Then `load.py` deletes the changed documents' rows from every document table
-- (`delete_document_rows`).
CREATE OR REPLACE TEMP TABLE load_formerly_named AS
SELECT actor_key FROM actor_mentions
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action = 'changed')
UNION
SELECT actor_key FROM event_actors
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action = 'changed');
