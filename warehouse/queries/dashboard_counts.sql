-- Warehouse totals for the dashboard's header. `events` counts every mention stored;
-- `happenings` what they report, each duplicate cluster once (syndicated copies and other
-- reports of the same happening folded); `stories` the near-duplicate story groups (a
-- document not yet grouped counts as its own story); `actors` the canonical actors (one per
-- person or organisation however many names the documents give it, `actor_canonical`).
-- Parameters: none.
SELECT
    (SELECT count(*) FROM documents) AS documents,
    (SELECT count(DISTINCT coalesce(g.group_id, d.doc_id))
     FROM documents AS d LEFT JOIN story_groups AS g ON g.doc_id = d.doc_id) AS stories,
    (SELECT count(*) FROM events) AS events,
    (SELECT count(DISTINCT coalesce(c.cluster_id, e.event_id))
     FROM events AS e LEFT JOIN event_clusters AS c ON c.event_id = e.event_id) AS happenings,
    (SELECT count(*) FROM events WHERE date_start IS NOT NULL) AS dated_events,
    (SELECT count(DISTINCT canonical_key) FROM actor_canonical) AS actors,
    (SELECT count(*) FROM sources) AS sources,
    (SELECT count(*) FROM quarantine) AS quarantined;
