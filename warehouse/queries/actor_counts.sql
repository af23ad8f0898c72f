-- Actors ranked by how many events they take part in, for the actor bar chart: `events`
-- counts happenings (see `actor_activity`), so syndicated copies do not inflate a bar;
-- `mentions` counts every report.
-- Parameters: $top_actors INTEGER.
SELECT
    actor_key,
    actor,
    actor_type,
    events,
    dated_events,
    documents,
    first_date,
    last_date,
    mentions,
    stories
FROM actor_activity
ORDER BY events DESC, actor_key
LIMIT $top_actors;
