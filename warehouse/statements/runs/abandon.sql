-- Close the rows of runs $run_ids, whose process is gone, as abandoned at $finished_at.
UPDATE runs SET state = 'abandoned', finished_at = $finished_at
WHERE list_contains($run_ids, run_id) AND state = 'running'
RETURNING run_id;
