-- Every timeline row of one document, in text order: for inspecting a single extraction.
-- Parameters: $doc_id VARCHAR.
SELECT *
FROM timeline
WHERE doc_id = $doc_id
ORDER BY char_start, event_id, actor_key NULLS FIRST;
