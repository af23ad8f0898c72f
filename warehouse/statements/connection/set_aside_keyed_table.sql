-- Rename a table whose primary key schema.sql no longer declares: schema.sql then creates
-- it anew, keyless, and `restore_keyed_rows` copies the rows back. (DuckDB cannot drop a key.)
ALTER TABLE "{table}" RENAME TO "{table}__keyed";
