DROP TABLE load_plan;
