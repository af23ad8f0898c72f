-- The tables of this warehouse that carry a primary key now (see `_set_aside_changed_tables`).
SELECT DISTINCT table_name
FROM duckdb_constraints()
WHERE constraint_type = 'PRIMARY KEY' AND database_name = current_database();
