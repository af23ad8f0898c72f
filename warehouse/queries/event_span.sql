-- The dates the dated events cover, to choose weeks or months for the volume chart.
-- Parameters: none.
SELECT
    min(date_start) AS first_date,
    max(date_start) AS last_date,
    count(*) AS dated_events
FROM events
WHERE date_start IS NOT NULL;
