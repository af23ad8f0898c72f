-- Append rows registered as `_incoming_{table}` (Arrow, see `sql.insert`) to `{table}`, a
-- table of the column contract; returns how many were inserted.
INSERT INTO {table} BY NAME SELECT * FROM _incoming_{table};
