-- The same mention in syndicated copies of one story: events of documents in one story
-- group that share `copy_key` (the same sentence text, the k-th occurrence of that text in
-- its document, the trigger at the same offset in it, the same lemma) report one
-- happening. `deduplication.recluster` folds them into one cluster, since the clustering rule
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
