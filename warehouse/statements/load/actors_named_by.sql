-- The actors the rows of the documents $doc_ids name.
SELECT actor_key FROM actor_mentions WHERE list_contains($doc_ids, doc_id)
UNION
SELECT actor_key FROM event_actors WHERE list_contains($doc_ids, doc_id);
