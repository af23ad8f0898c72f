DROP TABLE load_formerly_named;
