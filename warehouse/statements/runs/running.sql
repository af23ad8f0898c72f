-- The runs recorded as running, with the process that runs each (NULL before runs recorded it).
SELECT run_id, started_at, pid, host FROM runs WHERE state = 'running' ORDER BY started_at;
