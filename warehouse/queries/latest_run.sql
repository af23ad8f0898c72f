-- The run the dashboard's header tells about: run $run_id when given (the run that drew
-- the page, once its row is final), else the latest finished run. `running_since` is the
-- start of a run that began after it and has not finished (its documents may be partly
-- loaded), NULL when there is none.
-- Parameters: $run_id VARCHAR (NULL for the latest finished run).
WITH chosen AS (
    SELECT *
    FROM runs
    WHERE ($run_id IS NULL AND state <> 'running') OR run_id = $run_id
    ORDER BY started_at DESC, run_id
    LIMIT 1
)
SELECT
    c.run_id,
    c.started_at,
    c.finished_at,
    c.state,
    c.documents_seen,
    c.documents_new,
    c.documents_changed,
    c.documents_skipped,
    c.quarantined,
    c.events_written,
    (
        SELECT min(r.started_at)
        FROM runs AS r
        WHERE r.state = 'running' AND r.run_id <> c.run_id AND r.started_at > c.started_at
    ) AS running_since
FROM chosen AS c;
