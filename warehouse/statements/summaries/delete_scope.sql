-- Remove a scope's rows from `{table}` (key_dates or key_date_sentences) before it is
-- written again.
DELETE FROM {table} WHERE scope = $scope;
