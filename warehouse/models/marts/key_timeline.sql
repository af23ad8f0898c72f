-- The key-event timeline as a reader sees it: one row per sentence chosen for a key date
-- (`key_dates`, `key_date_sentences`, written by `summaries.write`; a run refreshes scope
-- 'corpus'), with the date's rank and evidence and the sentence's document. What the
-- dashboard's first view reads: `WHERE scope = 'corpus' ORDER BY date, sentence_rank`.
--   scope              'corpus', or a slice's filters (`Scope.label`)
--   date               the key date (a calendar day)
--   date_rank          1 = the scope's most important date
--   date_score         its ranking score
--   referring_stories  stories referring to the day (named days and later articles
--                      weigh more); stories_published: stories published that day
--   salience           summed salience of its events (0 where the warehouse has none)
--   sentence_rank      1 = the sentence that best says what happened that day
--   sentence_score     its relevance to the day
--   text               the sentence; doc_id, sentence_index, char_start, char_end: where
--                      it is (offsets into documents.text)
--   support            stories carrying the same sentence (syndicated copies count once)
--   title, source, url, published: its document
--   computed_at        when the timeline was computed (UTC)
CREATE OR REPLACE VIEW key_timeline AS
SELECT
    k.scope,
    k.date,
    k.rank AS date_rank,
    k.score AS date_score,
    k.referring_stories,
    k.stories_published,
    k.salience,
    s.rank AS sentence_rank,
    s.score AS sentence_score,
    s.text,
    s.doc_id,
    s.sentence_index,
    s.char_start,
    s.char_end,
    s.support,
    d.title,
    d.source,
    d.url,
    coalesce(s.published, d.published) AS published,
    k.computed_at
FROM key_dates AS k
JOIN key_date_sentences AS s ON s.scope = k.scope AND s.date = k.date
LEFT JOIN documents AS d ON d.doc_id = s.doc_id;
