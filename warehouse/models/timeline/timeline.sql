-- The timeline: one row per (event, actor); events without actors appear once, with NULL
-- actor columns. The columns people read first come first (`SELECT *` shows them), ids
-- and offsets last. `char_start` / `char_end` are the trigger's offsets in `documents.text`,
-- `timex_start` / `timex_end` those of the time expression the date came from (if any);
-- `dct_basis = 'none'` flags documents whose relative dates could not be anchored.
-- `cluster_id` names the happening the row reports (count distinct `cluster_id`, not
-- `event_id`, to count each happening once however many copies report it); `story_group`
-- the near-duplicate story the document belongs to (its own id until grouped).
CREATE OR REPLACE VIEW timeline AS
SELECT
    -- what a reader looks at first: when, who, in what role, what happened, where it is said
    e.date_value,
    a.name AS actor,
    ea.role,
    e.trigger,
    e.event_type,
    s.text AS sentence,
    -- the document
    d.title,
    d.source,
    d.published,
    d.url,
    -- the date: the days it denotes, and the time expression and how it was anchored
    e.date_start,
    e.date_end,
    e.date_precision,
    e.date_text,
    e.date_basis,
    e.anchor_basis,
    d.dct_basis,
    -- the event's reading and its actor
    e.lemma,
    e.event_class,
    e.quad_class,
    e.polarity,
    e.modality,
    e.attribution,
    e.background,
    a.actor_type,
    -- copies and groups: count distinct cluster_id to count each happening once
    coalesce(c.cluster_id, e.event_id) AS cluster_id,
    coalesce(g.group_id, e.doc_id) AS story_group,
    -- ids and provenance: offsets into documents.text
    e.event_id,
    e.doc_id,
    a.actor_key,
    coalesce(ac.canonical_key, a.actor_key) AS canonical_actor_key,
    e.sentence_index,
    e.char_start,
    e.char_end,
    e.timex_start,
    e.timex_end,
    ea.mention_start,
    ea.mention_end
FROM events AS e
JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN sentences AS s ON s.doc_id = e.doc_id AND s.sentence_index = e.sentence_index
LEFT JOIN event_actor_roles AS ea ON ea.event_id = e.event_id
LEFT JOIN actors AS a ON a.actor_key = ea.actor_key
LEFT JOIN actor_canonical AS ac ON ac.actor_key = a.actor_key
LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
LEFT JOIN story_groups AS g ON g.doc_id = e.doc_id;
