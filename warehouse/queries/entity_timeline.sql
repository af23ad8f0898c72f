-- The ordered events of one actor, found by any of its names (`actor_names`): its
-- canonical name, its key, the name of any actor folded into it or an alias a document used
-- for it ("Putin", "Zelenskiy"), ignoring case and accents. One row per event (the actor's
-- most specific role), dated events first in date order, then the undated ones in
-- publication order; with $key_only, only the key events (the 1-3 of each document a
-- timeline editor would show).
-- Parameters: $entity VARCHAR, $key_only BOOLEAN.
WITH wanted AS (
    SELECT canonical_key
    FROM actor_names
    WHERE name = lower(strip_accents(trim($entity)))
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
WHERE t.actor_key IN (SELECT canonical_key FROM wanted)
  AND (NOT coalesce($key_only, false) OR t.is_key)
QUALIFY row_number() OVER (
    PARTITION BY t.event_id
    ORDER BY CASE t.role
        WHEN 'agent' THEN 0 WHEN 'patient' THEN 1 WHEN 'recipient' THEN 2
        WHEN 'location' THEN 3 ELSE 4 END
) = 1
ORDER BY t.date_start NULLS LAST, t.published NULLS LAST, t.doc_id, t.sentence_index,
    t.event_id;
