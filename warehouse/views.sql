-- Read-side views over the warehouse tables. Re-created on every writable connect, so a
-- changed definition takes effect without a migration.

-- One participant row per (event, actor). An actor named twice in one event (say as agent
-- and as "other") is kept once, with its most specific role and its first mention.
CREATE OR REPLACE VIEW event_actor_roles AS
SELECT event_id, doc_id, actor_key, role, mention_start, mention_end
FROM event_actors
QUALIFY row_number() OVER (
    PARTITION BY event_id, actor_key
    ORDER BY CASE role
        WHEN 'agent' THEN 0 WHEN 'patient' THEN 1 WHEN 'recipient' THEN 2
        WHEN 'location' THEN 3 ELSE 4 END,
             mention_start, mention_end
) = 1;

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

-- The timeline: one row per (event, actor); events without actors appear once, with NULL
-- actor columns. `char_start` / `char_end` are the trigger's offsets in `documents.text`,
-- `timex_start` / `timex_end` those of the time expression the date came from (if any);
-- `dct_basis = 'none'` flags documents whose relative dates could not be anchored.
-- `cluster_id` names the happening the row reports (count distinct `cluster_id`, not
-- `event_id`, to count each happening once however many copies report it); `story_group`
-- the near-duplicate story the document belongs to (its own id until grouped).
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
    e.char_end,
    e.event_class,
    e.polarity,
    e.modality,
    e.attribution,
    e.quad_class,
    e.anchor_basis,
    e.background,
    coalesce(c.cluster_id, e.event_id) AS cluster_id,
    coalesce(ac.canonical_key, a.actor_key) AS canonical_actor_key,
    coalesce(g.group_id, e.doc_id) AS story_group
FROM events AS e
JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN sentences AS s ON s.doc_id = e.doc_id AND s.sentence_index = e.sentence_index
LEFT JOIN event_actor_roles AS ea ON ea.event_id = e.event_id
LEFT JOIN actors AS a ON a.actor_key = ea.actor_key
LEFT JOIN actor_canonical AS ac ON ac.actor_key = a.actor_key
LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
LEFT JOIN story_groups AS g ON g.doc_id = e.doc_id;

-- The timeline with duplicates folded: one row per cluster of mentions that report the
-- same happening, described by its earliest mention (by date, then publication), with
-- how many mentions, documents and distinct stories (near-duplicate groups) report it and
-- who takes part.
CREATE OR REPLACE VIEW timeline_clusters AS
WITH mentions AS (
    SELECT
        coalesce(c.cluster_id, e.event_id) AS cluster_id,
        e.*,
        d.published,
        d.title,
        coalesce(g.group_id, e.doc_id) AS story_group,
        row_number() OVER (
            PARTITION BY coalesce(c.cluster_id, e.event_id)
            ORDER BY e.date_start NULLS LAST, d.published NULLS LAST, e.doc_id, e.char_start
        ) AS rank
    FROM events AS e
    JOIN documents AS d ON d.doc_id = e.doc_id
    LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
    LEFT JOIN story_groups AS g ON g.doc_id = e.doc_id
),
counts AS (
    SELECT
        cluster_id,
        count(*) AS mentions,
        count(DISTINCT doc_id) AS sources,
        count(DISTINCT story_group) AS stories,
        min(date_start) AS date_start,
        max(coalesce(date_end, date_start)) AS date_end
    FROM mentions
    GROUP BY cluster_id
),
participants AS (
    SELECT
        coalesce(c.cluster_id, ea.event_id) AS cluster_id,
        list(DISTINCT a.name ORDER BY a.name) AS actors
    FROM event_actor_roles AS ea
    JOIN actors AS a ON a.actor_key = ea.actor_key
    LEFT JOIN event_clusters AS c ON c.event_id = ea.event_id
    GROUP BY 1
)
SELECT
    m.cluster_id,
    k.date_start,
    k.date_end,
    m.date_value,
    m.date_basis,
    m.anchor_basis,
    m.trigger,
    m.lemma,
    m.event_type,
    m.quad_class,
    m.event_class,
    m.polarity,
    m.modality,
    m.doc_id AS first_doc_id,
    m.title AS first_title,
    m.published AS first_published,
    k.mentions,
    k.sources,
    coalesce(p.actors, []) AS actors,
    k.stories
FROM mentions AS m
JOIN counts AS k ON k.cluster_id = m.cluster_id
LEFT JOIN participants AS p ON p.cluster_id = m.cluster_id
WHERE m.rank = 1;

-- Per-actor activity: how many events and documents, and the span of dates covered.
-- `events` counts happenings (duplicate clusters), so a story syndicated ten times counts
-- once; `mentions` counts every report of them and `stories` the near-duplicate groups.
CREATE OR REPLACE VIEW actor_activity AS
SELECT
    actor_key,
    any_value(actor) AS actor,
    any_value(actor_type) AS actor_type,
    count(DISTINCT cluster_id) AS events,
    count(DISTINCT cluster_id) FILTER (WHERE date_start IS NOT NULL) AS dated_events,
    count(DISTINCT doc_id) AS documents,
    min(date_start) AS first_date,
    max(coalesce(date_end, date_start)) AS last_date,
    min(published) AS first_published,
    count(DISTINCT event_id) AS mentions,
    count(DISTINCT story_group) AS stories
FROM timeline
WHERE actor_key IS NOT NULL
GROUP BY actor_key;

-- The same mention in syndicated copies of one story: events of documents in one story
-- group that share `copy_key` (the same sentence text, the k-th occurrence of that text in
-- its document, the trigger at the same offset in it, the same lemma) report one
-- happening. `store.recluster` folds them into one cluster, since the clustering rule
-- misses copies of undated or actorless events and copies whose relative dates were
-- anchored to different publication days. Documents without a story group row (not yet
-- grouped) have no copies.
CREATE OR REPLACE VIEW event_copies AS
WITH numbered AS (
    SELECT
        doc_id,
        sentence_index,
        char_start,
        md5(text) AS text_hash,
        row_number() OVER (PARTITION BY doc_id, md5(text) ORDER BY sentence_index) AS occurrence
    FROM sentences
)
SELECT
    e.event_id,
    e.doc_id,
    g.group_id,
    md5(concat_ws('|', g.group_id, n.text_hash, n.occurrence, e.char_start - n.char_start,
        e.lemma)) AS copy_key
FROM events AS e
JOIN story_groups AS g ON g.doc_id = e.doc_id
JOIN numbered AS n ON n.doc_id = e.doc_id AND n.sentence_index = e.sentence_index;
