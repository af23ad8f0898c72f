-- Read-side views over the warehouse tables. Re-created on every writable connect, so a
-- changed definition takes effect without a migration.

-- One participant row per (event, actor). An actor named twice in one event (say as agent
-- and as "other") is kept once, with its most specific role and its first mention.
CREATE OR REPLACE VIEW event_actor_roles AS
SELECT event_id, doc_id, actor_key, role, mention_start, mention_end
FROM event_actors
QUALIFY row_number() OVER (
    PARTITION BY event_id, actor_key
    ORDER BY CASE role WHEN 'agent' THEN 0 WHEN 'patient' THEN 1 ELSE 2 END,
             mention_start, mention_end
) = 1;

-- The timeline: one row per (event, actor); events without actors appear once, with NULL
-- actor columns. `char_start` / `char_end` are the trigger's offsets in `documents.text`,
-- `timex_start` / `timex_end` those of the time expression the date came from (if any);
-- `dct_basis = 'none'` flags documents whose relative dates could not be anchored.
CREATE OR REPLACE VIEW timeline AS
SELECT
    e.event_id,
    e.doc_id,
    d.title,
    d.source,
    d.url,
    d.published,
    d.dct_basis,
    e.date_value,
    e.date_start,
    e.date_end,
    e.date_precision,
    e.date_text,
    e.date_basis,
    e.timex_start,
    e.timex_end,
    e.trigger,
    e.lemma,
    e.event_type,
    a.actor_key,
    a.name AS actor,
    a.actor_type,
    ea.role,
    ea.mention_start,
    ea.mention_end,
    e.sentence_index,
    s.text AS sentence,
    e.char_start,
    e.char_end
FROM events AS e
JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN sentences AS s ON s.doc_id = e.doc_id AND s.sentence_index = e.sentence_index
LEFT JOIN event_actor_roles AS ea ON ea.event_id = e.event_id
LEFT JOIN actors AS a ON a.actor_key = ea.actor_key;

-- Per-actor activity: how many events and documents, and the span of dates covered.
CREATE OR REPLACE VIEW actor_activity AS
SELECT
    actor_key,
    any_value(actor) AS actor,
    any_value(actor_type) AS actor_type,
    count(DISTINCT event_id) AS events,
    count(DISTINCT event_id) FILTER (WHERE date_start IS NOT NULL) AS dated_events,
    count(DISTINCT doc_id) AS documents,
    min(date_start) AS first_date,
    max(coalesce(date_end, date_start)) AS last_date,
    min(published) AS first_published
FROM timeline
WHERE actor_key IS NOT NULL
GROUP BY actor_key;
