-- The timeline: one row per (event, actor); events without actors appear once, with NULL
-- actor columns. `actor_key`, `actor` and `actor_type` are the canonical actor's across the
-- warehouse (`actor_canonical`: "Putin" in one story is "Vladimir Putin" of another);
-- `document_actor_key` is the key the document's own extraction gave. `char_start` / `char_end` are the trigger's offsets in `documents.text`,
-- `timex_start` / `timex_end` those of the time expression the date came from (if any);
-- `dct_basis = 'none'` flags documents whose relative dates could not be anchored.
-- `is_key` marks the 1-3 events of a document a timeline editor would show, `salience` (0-1)
-- how much each event matters to its story (events loaded before they existed: false, 0).
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
    coalesce(e.is_key, false) AS is_key,
    coalesce(e.salience, 0.0) AS salience,
    ac.canonical_key AS actor_key,
    ac.name AS actor,
    ac.actor_type,
    ea.actor_key AS document_actor_key,
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
    coalesce(g.group_id, e.doc_id) AS story_group
FROM events AS e
JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN sentences AS s ON s.doc_id = e.doc_id AND s.sentence_index = e.sentence_index
LEFT JOIN event_actor_roles AS ea ON ea.event_id = e.event_id
LEFT JOIN actor_canonical AS ac ON ac.actor_key = ea.actor_key
LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
LEFT JOIN story_groups AS g ON g.doc_id = e.doc_id
-- Two of a document's actors that are one across the warehouse are one row.
QUALIFY row_number() OVER (
    PARTITION BY e.event_id, ac.canonical_key ORDER BY ea.role_rank, ea.mention_start
) = 1;
