-- Of the actors the replaced rows named, drop those nothing names any more.
DELETE FROM actors
WHERE actor_key IN (SELECT actor_key FROM load_formerly_named)
    AND actor_key NOT IN (
        SELECT actor_key FROM staged_actors
        WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action IN ('new', 'changed'))
    )
    AND actor_key NOT IN (SELECT actor_key FROM actor_mentions)
    AND actor_key NOT IN (SELECT actor_key FROM event_actors);
