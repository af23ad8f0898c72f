-- Events per period and category for the stacked volume chart: counted here, not in the
-- browser, so the chart holds one row per bar segment however many events there are.
-- An event counts once, in the period its date range starts in.
-- Parameters: $unit VARCHAR ('week' or 'month').
SELECT
    CAST(date_trunc($unit, date_start) AS DATE) AS period,
    event_type,
    count(*) AS events
FROM events
WHERE date_start IS NOT NULL
GROUP BY period, event_type
ORDER BY period, event_type;
