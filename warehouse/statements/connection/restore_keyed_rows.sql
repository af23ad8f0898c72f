-- The rows of a table set aside by `set_aside_keyed_table`, into its keyless re-creation.
INSERT INTO "{table}" BY NAME SELECT * FROM "{table}__keyed";
DROP TABLE "{table}__keyed";
