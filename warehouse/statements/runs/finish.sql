-- Close a run with its totals; `quarantined` defaults to the quarantine rows this run last
-- touched. Returns the run's id, or no row for a run that was never started.
UPDATE runs SET
    finished_at = $finished_at,
    state = $state,
    documents_seen = $seen,
    documents_new = $new,
    documents_changed = $changed,
    documents_skipped = $skipped,
    events_written = $events,
    quarantined = coalesce(
        $quarantined, (SELECT count(*) FROM quarantine WHERE quarantine.run_id = $run_id)
    )
WHERE run_id = $run_id
RETURNING run_id;
