-- A batch must hold a text once (builders and stagers make sure); refuse it otherwise
-- rather than fail later on a primary key with a less helpful message.
SELECT doc_id FROM staged_documents GROUP BY doc_id HAVING count(*) > 1 LIMIT 1;
