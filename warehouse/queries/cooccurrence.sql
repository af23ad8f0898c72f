-- Actor co-occurrence for the heatmap: for each ordered pair of the $top_actors busiest
-- actors, how many happenings name both (a duplicate cluster counts once, however many
-- copies report it). Both orders are returned so the matrix is symmetric;
-- an actor's pairing with itself is left out (it would only repeat its own event count and
-- drown the colour scale). `actor_rank` / `other_rank` order the axes by activity.
-- Parameters: $top_actors INTEGER.
WITH top_actors AS (
    SELECT
        actor_key,
        actor,
        row_number() OVER (ORDER BY events DESC, actor_key) AS actor_rank
    FROM actor_activity
    ORDER BY events DESC, actor_key
    LIMIT $top_actors
),
pairs AS (
    SELECT
        a.actor_key AS actor_key,
        b.actor_key AS other_key,
        count(DISTINCT a.cluster_id) AS events
    FROM timeline AS a
    JOIN timeline AS b ON b.event_id = a.event_id AND b.actor_key <> a.actor_key
    WHERE a.actor_key IN (SELECT actor_key FROM top_actors)
      AND b.actor_key IN (SELECT actor_key FROM top_actors)
    GROUP BY a.actor_key, b.actor_key
)
SELECT
    ta.actor,
    tb.actor AS other,
    p.events,
    ta.actor_rank,
    tb.actor_rank AS other_rank
FROM pairs AS p
JOIN top_actors AS ta ON ta.actor_key = p.actor_key
JOIN top_actors AS tb ON tb.actor_key = p.other_key
ORDER BY ta.actor_rank, tb.actor_rank;
