-- The rows of a table set aside by `set_aside_table`, into its re-creation by schema.sql
-- (by name: a column the old table lacked is NULL).
INSERT INTO "{table}" BY NAME SELECT * FROM "{table}__previous";
DROP TABLE "{table}__previous";
