-- Rename a table schema.sql now defines otherwise (a primary key retired, columns added or
-- a CHECK widened): schema.sql then creates it anew and `restore_rows` copies the rows back.
-- (DuckDB can neither drop a key nor change a CHECK in place.)
ALTER TABLE "{table}" RENAME TO "{table}__previous";
