-- The canonical keys of the actors each document mentions, for slicing by actor.
SELECT m.doc_id, list(DISTINCT c.canonical_key) AS actors
FROM actor_mentions AS m
JOIN actor_canonical AS c ON c.actor_key = m.actor_key
GROUP BY m.doc_id;
