-- The digest of the schema and models last applied (NULL when none was recorded).
SELECT max(sha) FROM schema_applied;
