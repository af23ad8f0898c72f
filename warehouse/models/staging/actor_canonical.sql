-- One key per actor across documents: a person named only by a short form in some
-- document ("person:putin") joins the one person whose full name it abbreviates (first or
-- last words, "Vladimir Putin"); when several full names qualify it stays as it is.
CREATE OR REPLACE VIEW actor_canonical AS
WITH candidates AS (
    SELECT short.actor_key, full_name.actor_key AS canonical_key
    FROM actors AS short
    JOIN actors AS full_name
      ON full_name.actor_type = short.actor_type
     AND short.actor_type IN ('person', 'organisation')
     AND full_name.actor_key <> short.actor_key
     AND length(full_name.name) > length(short.name)
     AND (starts_with(lower(full_name.name), lower(short.name) || ' ')
          OR ends_with(lower(full_name.name), ' ' || lower(short.name)))
),
unique_candidates AS (
    SELECT actor_key, any_value(canonical_key) AS canonical_key
    FROM candidates
    GROUP BY actor_key
    HAVING count(*) = 1
)
SELECT a.actor_key, coalesce(u.canonical_key, a.actor_key) AS canonical_key
FROM actors AS a
LEFT JOIN unique_candidates AS u ON u.actor_key = a.actor_key;
