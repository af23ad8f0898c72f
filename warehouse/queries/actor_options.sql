-- The actors the actor control offers: those the charts show ($actor_keys), with their
-- name and how many happenings they take part in (`actor_activity`), by name.
-- Parameters: $actor_keys VARCHAR[].
SELECT actor_key, actor, events
FROM actor_activity
WHERE list_contains($actor_keys, actor_key)
ORDER BY lower(actor), actor_key;
