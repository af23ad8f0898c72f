-- The same mention in several documents of one story (`event_copies`), one list of event
-- ids per copy key, smallest first.
SELECT list(event_id ORDER BY event_id)
FROM event_copies
GROUP BY copy_key
HAVING count(DISTINCT doc_id) > 1;
