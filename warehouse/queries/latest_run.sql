-- The most recent pipeline run, for the dashboard's "last run" line.
-- Parameters: none.
SELECT run_id, started_at, finished_at, state, documents_seen, events_written
FROM runs
ORDER BY started_at DESC, run_id
LIMIT 1;
