-- The timeline with duplicates folded: one row per cluster of mentions that report the
-- same happening, described by its earliest mention (by date, then publication), with
-- how many mentions, documents and distinct stories (near-duplicate groups) report it and
-- who takes part.
CREATE OR REPLACE VIEW timeline_clusters AS
WITH mentions AS (
    SELECT
        coalesce(c.cluster_id, e.event_id) AS cluster_id,
        e.*,
        d.published,
        d.title,
        coalesce(g.group_id, e.doc_id) AS story_group,
        row_number() OVER (
            PARTITION BY coalesce(c.cluster_id, e.event_id)
            ORDER BY e.date_start NULLS LAST, d.published NULLS LAST, e.doc_id, e.char_start
        ) AS rank
    FROM events AS e
    JOIN documents AS d ON d.doc_id = e.doc_id
    LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
    LEFT JOIN story_groups AS g ON g.doc_id = e.doc_id
),
counts AS (
    SELECT
        cluster_id,
        count(*) AS mentions,
        count(DISTINCT doc_id) AS sources,
        count(DISTINCT story_group) AS stories,
        min(date_start) AS date_start,
        max(coalesce(date_end, date_start)) AS date_end
    FROM mentions
    GROUP BY cluster_id
),
participants AS (
    SELECT
        coalesce(c.cluster_id, ea.event_id) AS cluster_id,
        list(DISTINCT ac.name ORDER BY ac.name) AS actors
    FROM event_actor_roles AS ea
    JOIN actor_canonical AS ac ON ac.actor_key = ea.actor_key
    LEFT JOIN event_clusters AS c ON c.event_id = ea.event_id
    GROUP BY 1
)
SELECT
    m.cluster_id,
    k.date_start,
    k.date_end,
    m.date_value,
    m.date_basis,
    m.anchor_basis,
    m.trigger,
    m.lemma,
    m.event_type,
    m.quad_class,
    m.event_class,
    m.polarity,
    m.modality,
    m.doc_id AS first_doc_id,
    m.title AS first_title,
    m.published AS first_published,
    k.mentions,
    k.sources,
    coalesce(p.actors, []) AS actors,
    k.stories
FROM mentions AS m
JOIN counts AS k ON k.cluster_id = m.cluster_id
LEFT JOIN participants AS p ON p.cluster_id = m.cluster_id
WHERE m.rank = 1;
