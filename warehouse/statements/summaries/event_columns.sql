-- The columns the `events` table has, to know whether salience is there to read.
SELECT column_name FROM duckdb_columns() WHERE table_name = 'events';
