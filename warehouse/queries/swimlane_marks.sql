-- Marks for the actor swimlane, aggregated so the chart stays small at any warehouse size.
-- One mark per (actor, date range, event category): a lane shows the same day's events of
-- one kind as one mark that counts them, with one of them (the first in story order) as
-- the example the tooltip quotes. When days are too many marks, $bin = 'week' or 'month'
-- groups day-precise events by the week (from Monday) or month they fall in: the mark then
-- spans that period. Coarser dates keep their own range. Actors are ranked by dated
-- events; the chart takes the first $top_actors of them, fewer when their marks would pass
-- $max_marks (the first actor always, capped by LIMIT). Long texts are cut at $max_text characters so the embedded
-- data stays small. Ordered as the stories tell them (date, document, position in the
-- text), so lanes can follow the order in which actors appear. A happening reported by
-- several mentions (a duplicate cluster: syndicated copies, other outlets) counts once in
-- a lane, at its first mention naming the actor (by date, then publication, as
-- `timeline_clusters` picks it), so copies never add marks or inflate `events`. `url` is
-- the example's document address when it is a web address (http or https), else NULL.
-- Parameters: $top_actors INTEGER, $max_marks INTEGER, $max_text INTEGER,
--             $bin VARCHAR ('day', 'week' or 'month').
WITH named AS (
    SELECT *
    FROM timeline
    -- A decade or century ("in the 1990s", "this century") would stretch the time axis
    -- over up to a hundred years for one bar: such events stay in `timeline`, not here.
    WHERE date_start IS NOT NULL AND actor_key IS NOT NULL
        AND date_precision NOT IN ('decade', 'century')
),
dated AS (
    SELECT
        *,
        CASE WHEN date_precision = 'day'
            THEN CAST(date_trunc($bin, date_start) AS DATE) ELSE date_start END AS mark_start,
        CASE WHEN date_precision <> 'day' THEN date_end
            WHEN $bin = 'week' THEN CAST(date_trunc('week', date_start) AS DATE) + 6
            WHEN $bin = 'month' THEN last_day(date_start)
            ELSE date_start END AS mark_end
    FROM named
    QUALIFY row_number() OVER (
        PARTITION BY cluster_id, actor_key
        ORDER BY date_start, published NULLS LAST, doc_id, char_start, event_id
    ) = 1
),
event_actor_names AS (
    SELECT event_id, string_agg(DISTINCT actor, ', ' ORDER BY actor) AS actors
    FROM named
    GROUP BY event_id
),
marks AS (
    SELECT
        actor_key,
        mark_start,
        mark_end,
        event_type,
        count(DISTINCT cluster_id) AS events,
        arg_min(event_id, (date_start, published, doc_id, char_start, event_id)) AS example_event
    FROM dated
    GROUP BY actor_key, mark_start, mark_end, event_type
),
ranked AS (
    SELECT
        actor_key,
        count(*) AS marks,
        sum(events) AS events,
        row_number() OVER (ORDER BY sum(events) DESC, actor_key) AS actor_rank
    FROM marks
    GROUP BY actor_key
),
chosen AS (
    SELECT
        actor_key,
        actor_rank,
        sum(marks) OVER (ORDER BY actor_rank) AS running_marks,
        count(*) OVER () AS actors_total
    FROM ranked
)
SELECT
    t.actor,
    t.actor_type,
    t.actor_key,
    m.mark_start AS date_start,
    m.mark_end AS date_end,
    t.date_precision,
    $bin AS bin,
    t.date_value,
    t.date_text,
    t.date_basis,
    t.anchor_basis,
    m.event_type,
    t.quad_class,
    m.events,
    t.event_id,
    t.trigger,
    n.actors,
    CASE WHEN length(t.sentence) > $max_text
        THEN left(t.sentence, $max_text - 1) || '…' ELSE t.sentence END AS sentence,
    CASE WHEN length(t.title) > $max_text
        THEN left(t.title, $max_text - 1) || '…' ELSE t.title END AS title,
    t.source,
    CASE WHEN regexp_matches(t.url, '^https?://', 'i') THEN t.url END AS url,
    t.published,
    c.actor_rank,
    c.actors_total
FROM marks AS m
JOIN chosen AS c ON c.actor_key = m.actor_key
JOIN dated AS t ON t.event_id = m.example_event AND t.actor_key = m.actor_key
LEFT JOIN event_actor_names AS n ON n.event_id = m.example_event
WHERE c.actor_rank <= $top_actors AND (c.actor_rank = 1 OR c.running_marks <= $max_marks)
ORDER BY m.mark_start, t.date_start, t.published, t.doc_id, t.char_start, m.actor_key, m.event_type
LIMIT $max_marks;
