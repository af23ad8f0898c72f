-- Stored documents, to be rebuilt as `Document`s (`reads.stored_documents`): those not at
-- extractor version $version when it is given, and only those stored without a signature
-- when $unsigned is true. `path` is the first of the paths the text was found under.
SELECT
    d.doc_id,
    d.text,
    d.content_spans,
    d.title,
    d.source,
    d.url,
    d.language,
    d.byline,
    d.place,
    d.published,
    d.dct_basis,
    d.meta,
    (SELECT min(path) FROM sources AS s WHERE s.doc_id = d.doc_id) AS path
FROM documents AS d
WHERE ($version IS NULL OR d.extractor_version <> $version)
    AND (NOT $unsigned OR NOT EXISTS (
        SELECT 1 FROM document_signatures AS s WHERE s.doc_id = d.doc_id
    ))
ORDER BY d.doc_id;
