-- Forget that a path held a document (the path holds another text now).
DELETE FROM sources WHERE doc_id = $doc_id AND path = $path;
