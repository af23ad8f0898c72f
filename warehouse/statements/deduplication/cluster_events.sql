-- What clustering needs of every stored event, one row per event named as `ClusterEvent`'s
-- fields: its date, kind and actors, the actors by their cross-document canonical key
-- (`actor_canonical`), so "Putin" in one story meets "Vladimir Putin" in another.
SELECT
    e.event_id,
    e.doc_id,
    e.lemma,
    e.event_type,
    e.date_start AS "start",
    e.date_end AS "end",
    coalesce(e.background, false) AS background,
    list(ac.canonical_key) FILTER (WHERE ea.role = 'agent') AS agents,
    list(ac.canonical_key) FILTER (WHERE ac.canonical_key IS NOT NULL) AS actors
FROM events AS e
LEFT JOIN event_actors AS ea ON ea.event_id = e.event_id
LEFT JOIN actor_canonical AS ac ON ac.actor_key = ea.actor_key
GROUP BY ALL;
