SELECT doc_id, action FROM load_plan WHERE action IS NOT NULL;
