-- The (document, path) pairs recorded for any of the paths $paths.
SELECT doc_id, path FROM sources WHERE list_contains($paths, path);
