-- Every doc_id the batch names (staged, or only given further paths) with what the load
-- does with it: a staged text not stored is new; one stored at the same extractor version
-- with the same text is skipped (a re-run writes nothing); any other is changed: its old
-- rows go, its new rows come, its first_seen stays. Paths are recorded for staged
-- documents and for stored ones, never for ids that are neither (they would dangle).
CREATE OR REPLACE TEMP TABLE load_plan AS
SELECT
    ids.doc_id,
    s.doc_id IS NOT NULL AS staged,
    d.doc_id IS NOT NULL AS stored,
    CASE
        WHEN s.doc_id IS NULL THEN NULL
        WHEN d.doc_id IS NULL THEN 'new'
        WHEN d.extractor_version = s.extractor_version AND d.content_sha = s.content_sha
            THEN 'skipped'
        ELSE 'changed'
    END AS action,
    d.first_seen
FROM (SELECT doc_id FROM staged_sources UNION SELECT doc_id FROM staged_documents) AS ids
LEFT JOIN staged_documents AS s USING (doc_id)
LEFT JOIN documents AS d USING (doc_id);
