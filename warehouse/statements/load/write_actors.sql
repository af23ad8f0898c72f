-- Actors are shared across documents: one row per key, named by the batch's last
-- document to list it. The keys are deduplicated first because ON CONFLICT DO UPDATE
-- refuses to update one row twice in a statement. Skipped documents name nothing.
INSERT INTO actors BY NAME
SELECT
    actor_key,
    arg_max(name, ordinal) AS name,
    arg_max(actor_type, ordinal) AS actor_type
FROM staged_actors
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action IN ('new', 'changed'))
GROUP BY actor_key
ON CONFLICT (actor_key) DO UPDATE
SET name = excluded.name, actor_type = excluded.actor_type;
