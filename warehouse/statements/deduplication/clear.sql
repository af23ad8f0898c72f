-- Empty a derived table (`{table}`: story_groups or event_clusters) before it is rewritten.
DELETE FROM {table};
