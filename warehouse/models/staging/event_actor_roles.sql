-- One participant row per (event, actor). An actor named twice in one event (say as agent
-- and as "other") is kept once, with its most specific role and its first mention;
-- `role_rank` orders roles so (agent first), for views that fold actors further.
CREATE OR REPLACE VIEW event_actor_roles AS
SELECT event_id, doc_id, actor_key, role, mention_start, mention_end, role_rank
FROM (
    SELECT
        *,
        CASE role
            WHEN 'agent' THEN 0 WHEN 'patient' THEN 1 WHEN 'recipient' THEN 2
            WHEN 'location' THEN 3 ELSE 4 END AS role_rank
    FROM event_actors
)
QUALIFY row_number() OVER (
    PARTITION BY event_id, actor_key ORDER BY role_rank, mention_start, mention_end
) = 1;
