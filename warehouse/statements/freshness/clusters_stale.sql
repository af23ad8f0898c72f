-- Whether some event has no cluster row, or a cluster row names a deleted event.
SELECT
    EXISTS (SELECT 1 FROM events AS e ANTI JOIN event_clusters AS c USING (event_id))
    OR EXISTS (SELECT 1 FROM event_clusters AS c ANTI JOIN events AS e USING (event_id));
