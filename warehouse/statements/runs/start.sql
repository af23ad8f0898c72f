-- Record a run as running, with the process (pid, host) that runs it; a retried run (the
-- same id) starts over rather than failing.
INSERT INTO runs (run_id, started_at, state, extractor_version, pid, host)
VALUES ($run_id, $started_at, 'running', $extractor_version, $pid, $host)
ON CONFLICT (run_id) DO UPDATE SET
    started_at = excluded.started_at,
    finished_at = NULL,
    state = 'running',
    extractor_version = excluded.extractor_version,
    pid = excluded.pid,
    host = excluded.host,
    documents_seen = 0,
    documents_new = 0,
    documents_changed = 0,
    documents_skipped = 0,
    quarantined = 0,
    events_written = 0;
