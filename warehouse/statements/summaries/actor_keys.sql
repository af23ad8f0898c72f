-- The actor named $entity, as `chronicle timeline` finds it: by its name, its key or an
-- alias a document used for it, ignoring case; its canonical keys (short forms that
-- `actor_canonical` folds into a full name count as that actor).
SELECT DISTINCT ac.canonical_key
FROM actors AS a
JOIN actor_canonical AS ac ON ac.actor_key = a.actor_key
WHERE lower(a.name) = lower(trim($entity))
   OR a.actor_key = lower(trim($entity))
   OR a.actor_key IN (
        SELECT actor_key FROM actor_aliases WHERE lower(alias) = lower(trim($entity))
   );
