-- Events for `chronicle export`, one row each, with their actors as a list (each by its
-- canonical name across the warehouse, as in `timeline`): optionally only those naming an
-- actor ($actor: any name `actor_names` knows for it, ignoring case and accents) and only
-- those whose date range overlaps [$since, $until]. A date filter drops undated events (they
-- cannot be shown to fall inside it); with no filter they are kept. NULL parameters filter
-- nothing. $key_only keeps the key events (the 1-3 of each document a timeline editor would
-- show). `year` (of date_start) is the Parquet partition key.
-- Parameters: $actor VARCHAR, $since DATE, $until DATE, $key_only BOOLEAN.
WITH participants AS (
    SELECT
        event_id,
        list(
            {'name': actor, 'actor_key': actor_key, 'actor_type': actor_type, 'role': role}
            ORDER BY mention_start, actor_key
        ) AS actors
    FROM timeline
    WHERE actor_key IS NOT NULL
    GROUP BY event_id
),
wanted AS (
    SELECT canonical_key
    FROM actor_names
    WHERE name = lower(strip_accents(trim($actor)))
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
        FROM timeline AS f
        WHERE f.event_id = e.event_id AND f.actor_key IN (SELECT canonical_key FROM wanted)
    ))
  AND ($since IS NULL OR coalesce(e.date_end, e.date_start) >= $since)
  AND ($until IS NULL OR e.date_start <= $until)
  AND (NOT coalesce($key_only, false) OR coalesce(e.is_key, false))
ORDER BY e.date_start NULLS LAST, d.published NULLS LAST, e.doc_id, e.char_start, e.event_id;
