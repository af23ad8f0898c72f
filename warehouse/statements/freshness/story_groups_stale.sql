-- Whether some document has no story group row, or a group row names a deleted one (a
-- replaced document loses its row, so an edited text is regrouped too).
SELECT
    EXISTS (SELECT 1 FROM documents AS d ANTI JOIN story_groups AS g USING (doc_id))
    OR EXISTS (SELECT 1 FROM story_groups AS g ANTI JOIN documents AS d USING (doc_id));
