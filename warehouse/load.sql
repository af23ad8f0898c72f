-- Loading one batch (`store.load_tables`): these statements, in this order, in one
-- transaction. Each `-- name:` line starts a statement; `store.py` runs every `write_`
-- one, and the `changed_` ones only when a stored document is being replaced.
--
-- The batch is registered as relations `staged_<table>` (Arrow tables built by
-- `warehouse/tables.py`, read from a staged batch's Parquet files or built in process);
-- `$loaded_at` is the load's time. Temporary tables hold the load's plan and vanish with
-- it (dropped at the end, or rolled back with everything else).

-- name: duplicate_documents
-- A batch must hold a text once (builders and stagers make sure); refuse it otherwise
-- rather than fail later on a primary key with a less helpful message.
SELECT doc_id FROM staged_documents GROUP BY doc_id HAVING count(*) > 1 LIMIT 1;

-- name: plan
-- Every doc_id the batch names (staged, or only given further paths) with what the load
-- does with it: a staged text not stored is new; one stored at the same extractor version
-- with the same text is skipped (a re-run writes nothing); any other is changed: its old
-- rows go, its new rows come, its first_seen stays. Paths are recorded for staged
-- documents and for stored ones, never for ids that are neither (they would dangle).
CREATE OR REPLACE TEMP TABLE load_plan AS
SELECT
    ids.doc_id,
    s.doc_id IS NOT NULL AS staged,
    d.doc_id IS NOT NULL AS stored,
    CASE
        WHEN s.doc_id IS NULL THEN NULL
        WHEN d.doc_id IS NULL THEN 'new'
        WHEN d.extractor_version = s.extractor_version AND d.content_sha = s.content_sha
            THEN 'skipped'
        ELSE 'changed'
    END AS action,
    d.first_seen
FROM (SELECT doc_id FROM staged_sources UNION SELECT doc_id FROM staged_documents) AS ids
LEFT JOIN staged_documents AS s USING (doc_id)
LEFT JOIN documents AS d USING (doc_id);

-- name: actions
SELECT doc_id, action FROM load_plan WHERE action IS NOT NULL;

-- name: changed_formerly_named
-- The actors the changed documents' old rows name, before those rows go: any of them
-- that no row names afterwards is deleted (re-extraction leaves no orphan actors).
-- Then `store.py` deletes the changed documents' rows from every document table.
CREATE OR REPLACE TEMP TABLE load_formerly_named AS
SELECT actor_key FROM actor_mentions
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action = 'changed')
UNION
SELECT actor_key FROM event_actors
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action = 'changed');

-- name: write_actors
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

-- name: write_documents
INSERT INTO documents BY NAME
SELECT s.* REPLACE (coalesce(p.first_seen, $loaded_at) AS first_seen, $loaded_at AS loaded_at)
FROM staged_documents AS s
JOIN load_plan AS p USING (doc_id)
WHERE p.action IN ('new', 'changed');

-- name: write_sentences
INSERT INTO sentences BY NAME
SELECT * FROM staged_sentences
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action IN ('new', 'changed'));

-- name: write_timexes
INSERT INTO timexes BY NAME
SELECT * FROM staged_timexes
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action IN ('new', 'changed'));

-- name: write_events
INSERT INTO events BY NAME
SELECT * FROM staged_events
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action IN ('new', 'changed'));

-- name: write_actor_aliases
INSERT INTO actor_aliases BY NAME
SELECT * FROM staged_actor_aliases
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action IN ('new', 'changed'));

-- name: write_actor_mentions
INSERT INTO actor_mentions BY NAME
SELECT * FROM staged_actor_mentions
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action IN ('new', 'changed'));

-- name: write_event_actors
INSERT INTO event_actors BY NAME
SELECT * FROM staged_event_actors
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action IN ('new', 'changed'));

-- name: write_document_signatures
INSERT INTO document_signatures BY NAME
SELECT * FROM staged_document_signatures
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action IN ('new', 'changed'));

-- name: write_document_bands
INSERT INTO document_bands BY NAME
SELECT * FROM staged_document_bands
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action IN ('new', 'changed'));

-- name: changed_unnamed_actors
-- Of the actors the replaced rows named, drop those nothing names any more.
DELETE FROM actors
WHERE actor_key IN (SELECT actor_key FROM load_formerly_named)
    AND actor_key NOT IN (
        SELECT actor_key FROM staged_actors
        WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE action IN ('new', 'changed'))
    )
    AND actor_key NOT IN (SELECT actor_key FROM actor_mentions)
    AND actor_key NOT IN (SELECT actor_key FROM event_actors);

-- name: write_sources
-- Every path each text was found under; a path already recorded keeps its first_seen.
INSERT INTO sources BY NAME
SELECT DISTINCT doc_id, path, $loaded_at AS first_seen
FROM staged_sources
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE staged OR stored)
ON CONFLICT DO NOTHING;

-- name: changed_drop_formerly_named
DROP TABLE load_formerly_named;

-- name: drop_plan
DROP TABLE load_plan;
