-- The timeline: one row per (event, actor); events without actors appear once, with NULL
-- actor columns. The columns people read first come first (`SELECT *` shows them), ids
-- and offsets last. `actor_key`, `actor` and `actor_type` are the canonical actor's across
-- the warehouse (`actor_canonical`: "Putin" in one story is "Vladimir Putin" of another);
-- `document_actor_key` is the key the document's own extraction gave. `char_start` /
-- `char_end` are the trigger's offsets in `documents.text`,
-- `timex_start` / `timex_end` those of the time expression the date came from (if any);
-- `dct_basis = 'none'` flags documents whose relative dates could not be anchored.
-- `is_key` marks the 1-3 events of a document a timeline editor would show, `salience` (0-1)
-- how much each event matters to its story (events loaded before they existed: false, 0).
-- `cluster_id` names the happening the row reports (count distinct `cluster_id`, not
-- `event_id`, to count each happening once however many copies report it); `story_group`
-- the near-duplicate story the document belongs to (its own id until grouped).
CREATE OR REPLACE VIEW timeline AS
SELECT
    -- what a reader looks at first: when, who, in what role, what happened, where it is said
    e.date_value,
    ac.name AS actor,
    ea.role,
    e.trigger,
    e.event_type,
    s.text AS sentence,
    coalesce(e.is_key, false) AS is_key,
    coalesce(e.salience, 0.0) AS salience,
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
    ac.actor_type,
    -- copies and groups: count distinct cluster_id to count each happening once
    coalesce(c.cluster_id, e.event_id) AS cluster_id,
    coalesce(g.group_id, e.doc_id) AS story_group,
    -- ids and provenance: offsets into documents.text
    e.event_id,
    e.doc_id,
    ac.canonical_key AS actor_key,
    ea.actor_key AS document_actor_key,
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
LEFT JOIN actor_canonical AS ac ON ac.actor_key = ea.actor_key
LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
LEFT JOIN story_groups AS g ON g.doc_id = e.doc_id
-- Two of a document's actors that are one across the warehouse are one row.
QUALIFY row_number() OVER (
    PARTITION BY e.event_id, ac.canonical_key ORDER BY ea.role_rank, ea.mention_start
) = 1;
