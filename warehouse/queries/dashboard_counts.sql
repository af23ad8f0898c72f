-- Warehouse totals for the dashboard's header.
-- Parameters: none.
SELECT
    (SELECT count(*) FROM documents) AS documents,
    (SELECT count(*) FROM events) AS events,
    (SELECT count(*) FROM events WHERE date_start IS NOT NULL) AS dated_events,
    (SELECT count(*) FROM actors) AS actors,
    (SELECT count(*) FROM sources) AS sources,
    (SELECT count(*) FROM quarantine) AS quarantined;
