-- When each stored document was first loaded: the earliest names its story group.
SELECT doc_id, first_seen FROM documents;
