-- Each sentence's most salient event and whether one is a key event (`events.salience`,
-- `events.is_key`); run only on warehouses that have those columns (`summaries.articles`).
SELECT doc_id, sentence_index, max(salience) AS salience, bool_or(is_key) AS is_key
FROM events
GROUP BY doc_id, sentence_index;
