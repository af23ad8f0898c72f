-- The latest runs, newest first, for `chronicle status`. Parameter: $limit INTEGER.
SELECT
    run_id,
    state,
    started_at,
    finished_at,
    round(epoch(finished_at) - epoch(started_at), 1) AS seconds,
    documents_seen,
    documents_new,
    documents_changed,
    documents_skipped,
    quarantined,
    events_written,
    extractor_version
FROM runs
ORDER BY started_at DESC
LIMIT $limit;
