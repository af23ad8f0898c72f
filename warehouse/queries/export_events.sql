-- Events for `chronicle export`, one row each, with their actors as a list: optionally only
-- those naming an actor ($actor matches a name or key, ignoring case) and only those whose
-- date range overlaps [$since, $until]. A date filter drops undated events (they cannot be
-- shown to fall inside it); with no filter they are kept. $key_only keeps the key events
-- (the 1-3 of each document a timeline editor would show). NULL parameters filter nothing.
-- `year` (of date_start) is the Parquet partition key.
-- Parameters: $actor VARCHAR, $since DATE, $until DATE, $key_only BOOLEAN.
WITH participants AS (
    SELECT
        ea.event_id,
        list(
            {'name': a.name, 'actor_key': a.actor_key, 'actor_type': a.actor_type, 'role': ea.role}
            ORDER BY ea.mention_start, a.actor_key
        ) AS actors
    FROM event_actor_roles AS ea
    JOIN actors AS a ON a.actor_key = ea.actor_key
    GROUP BY ea.event_id
)
SELECT
    e.event_id,
    e.doc_id,
    d.title,
    d.source,
    d.url,
    d.published,
    e.date_value,
    e.date_start,
    e.date_end,
    e.date_precision,
    e.date_text,
    e.date_basis,
    e.trigger,
    e.lemma,
    e.event_type,
    coalesce(e.is_key, false) AS is_key,
    coalesce(e.salience, 0.0) AS salience,
    coalesce(p.actors, []) AS actors,
    s.text AS sentence,
    e.char_start,
    e.char_end,
    year(e.date_start) AS year
FROM events AS e
JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN sentences AS s ON s.doc_id = e.doc_id AND s.sentence_index = e.sentence_index
LEFT JOIN participants AS p ON p.event_id = e.event_id
WHERE ($actor IS NULL OR EXISTS (
        SELECT 1
        FROM event_actor_roles AS fa
        JOIN actors AS fact ON fact.actor_key = fa.actor_key
        WHERE fa.event_id = e.event_id
          AND (lower(fact.name) = lower($actor) OR lower(fact.actor_key) = lower($actor))
    ))
  AND ($since IS NULL OR coalesce(e.date_end, e.date_start) >= $since)
  AND ($until IS NULL OR e.date_start <= $until)
  AND (NOT coalesce($key_only, false) OR coalesce(e.is_key, false))
ORDER BY e.date_start NULLS LAST, d.published NULLS LAST, e.doc_id, e.char_start, e.event_id;
