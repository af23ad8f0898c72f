-- The columns of each table of this warehouse, in order (see `_set_aside_changed_tables`).
SELECT table_name, list(column_name ORDER BY column_index)
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
GROUP BY table_name;
