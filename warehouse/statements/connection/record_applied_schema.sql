-- Remember which schema and models text was applied, so `connect` skips it while unchanged.
DELETE FROM schema_applied;
INSERT INTO schema_applied VALUES ($sha);
