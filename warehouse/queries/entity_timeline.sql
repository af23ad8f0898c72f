-- The ordered events of one actor, found by any of its names: its canonical name, its
-- key, or an alias a document used for it ("Putin"), case-insensitively. Short-form
-- actors that `actor_canonical` folds into a full name count as that actor. One row per
-- event (the actor's most specific role), dated events first in date order, then the
-- undated ones in publication order; with $key_only, only the key events (the 1-3 of each
-- document a timeline editor would show).
-- Parameters: $entity VARCHAR, $key_only BOOLEAN.
WITH wanted AS (
    SELECT DISTINCT ac.canonical_key
    FROM actors AS a
    JOIN actor_canonical AS ac ON ac.actor_key = a.actor_key
    WHERE lower(a.name) = lower(trim($entity))
       OR a.actor_key = lower(trim($entity))
       OR a.actor_key IN (
            SELECT actor_key FROM actor_aliases WHERE lower(alias) = lower(trim($entity))
       )
)
SELECT
    t.event_id,
    t.cluster_id,
    t.date_value,
    t.date_start,
    t.date_end,
    t.date_basis,
    t.anchor_basis,
    t.trigger,
    t.lemma,
    t.event_type,
    t.is_key,
    t.salience,
    t.quad_class,
    t.event_class,
    t.polarity,
    t.modality,
    t.attribution,
    t.actor,
    t.role,
    t.doc_id,
    t.title,
    t.published,
    t.sentence
FROM timeline AS t
WHERE t.canonical_actor_key IN (SELECT canonical_key FROM wanted)
  AND (NOT coalesce($key_only, false) OR t.is_key)
QUALIFY row_number() OVER (
    PARTITION BY t.event_id
    ORDER BY CASE t.role
        WHEN 'agent' THEN 0 WHEN 'patient' THEN 1 WHEN 'recipient' THEN 2
        WHEN 'location' THEN 3 ELSE 4 END
) = 1
ORDER BY t.date_start NULLS LAST, t.published NULLS LAST, t.doc_id, t.sentence_index,
    t.event_id;
