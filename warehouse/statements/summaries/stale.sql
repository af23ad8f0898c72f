-- Whether the timeline of $scope must be recomputed: documents exist and it was never
-- computed, a document was loaded after it was, or one of its sentences' documents is gone.
SELECT
    (EXISTS (SELECT 1 FROM documents)
        AND NOT EXISTS (SELECT 1 FROM key_dates WHERE scope = $scope))
    OR coalesce(
        (SELECT max(loaded_at) FROM documents)
            > (SELECT min(computed_at) FROM key_dates WHERE scope = $scope),
        false)
    OR EXISTS (
        SELECT 1 FROM key_date_sentences AS k
        WHERE k.scope = $scope AND k.doc_id NOT IN (SELECT doc_id FROM documents)
    );
