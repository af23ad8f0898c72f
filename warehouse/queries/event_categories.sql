-- The event categories the warehouse holds, with their quad class and how many events
-- each has: the category control's options and the legends' order.
-- Parameters: none.
SELECT
    event_type,
    coalesce(any_value(quad_class), 'neutral') AS quad_class,
    count(*) AS events
FROM events
GROUP BY event_type
ORDER BY events DESC, event_type;
