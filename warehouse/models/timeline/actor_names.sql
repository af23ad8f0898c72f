-- Every name an actor can be looked up by, folded (lower case, no accents), with the
-- canonical key it finds: the canonical name and key, the name and key of every actor folded
-- into it, and every written form a document used for one ("Zelenskiy" finds "Volodymyr
-- Zelensky", "Putin" finds him too). `chronicle timeline` and `export --actor` search here.
CREATE OR REPLACE VIEW actor_names AS
WITH names AS (
    SELECT ac.name, ac.canonical_key FROM actor_canonical AS ac
    UNION ALL
    SELECT ac.canonical_key, ac.canonical_key FROM actor_canonical AS ac
    UNION ALL
    SELECT ac.actor_key, ac.canonical_key FROM actor_canonical AS ac
    UNION ALL
    SELECT a.name, ac.canonical_key
    FROM actors AS a
    JOIN actor_canonical AS ac ON ac.actor_key = a.actor_key
    UNION ALL
    SELECT al.alias, ac.canonical_key
    FROM actor_aliases AS al
    JOIN actor_canonical AS ac ON ac.actor_key = al.actor_key
)
SELECT DISTINCT lower(strip_accents(trim(name))) AS name, canonical_key
FROM names;
