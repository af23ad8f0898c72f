-- Every path each text was found under; a path already recorded keeps its first_seen.
INSERT INTO sources BY NAME
SELECT DISTINCT doc_id, path, $loaded_at AS first_seen
FROM staged_sources
WHERE doc_id IN (SELECT doc_id FROM load_plan WHERE staged OR stored)
ON CONFLICT DO NOTHING;
