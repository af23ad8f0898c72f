-- Of the actors $actor_keys that retired documents named, drop those nothing names any more.
DELETE FROM actors
WHERE list_contains($actor_keys, actor_key)
    AND actor_key NOT IN (SELECT actor_key FROM actor_mentions)
    AND actor_key NOT IN (SELECT actor_key FROM event_actors);
