-- Record rejected inputs registered as `_incoming_quarantine` (see `runs.quarantine`): the
-- same (path, line, reason) again only updates the error class, run and time.
INSERT INTO quarantine BY NAME SELECT * FROM _incoming_quarantine
ON CONFLICT (path, line_key, reason) DO UPDATE SET
    error_class = excluded.error_class,
    run_id = excluded.run_id,
    quarantined_at = excluded.quarantined_at;
