-- Headline numbers for logs and run summaries (`reads.counts`).
SELECT
    (SELECT count(*) FROM documents) AS documents,
    (SELECT count(*) FROM sources) AS sources,
    (SELECT count(*) FROM events) AS events,
    (SELECT count(*) FROM actors) AS actors,
    (SELECT count(*) FROM quarantine) AS quarantined;
