-- One actor per real-world referent across the warehouse: for every actor key, the key, name
-- and type of the actor it is. Each document is extracted alone (spelling variants, accents
-- and short forms inside one story are already one key); what all documents say together
-- decides two more things:
-- * one name, one type: the model may label a name a person in one story and an organisation
--   in another; for people and organisations the type most of its mentions have wins (ties:
--   the first key in order). Countries and places are typed by the gazetteer.
-- * a surname alone joins the full name: a person's one-word name ("Putin", "Lula") that is a
--   capitalised word of exactly one longer person's name in the warehouse ("Vladimir Putin",
--   "Luiz Inácio Lula da Silva") is that person; with several candidates ("Kim": "Kim Jong
--   Un", "Kim Yong Bok") it stays itself.
CREATE OR REPLACE VIEW actor_canonical AS
WITH mention_counts AS (
    SELECT actor_key, count(*) AS mentions
    FROM actor_mentions
    GROUP BY actor_key
),
named AS (
    SELECT
        a.actor_key,
        a.name,
        a.actor_type,
        substr(a.actor_key, strpos(a.actor_key, ':') + 1) AS folded,
        a.actor_type IN ('person', 'organisation') AS voted,
        coalesce(c.mentions, 0) AS mentions
    FROM actors AS a
    LEFT JOIN mention_counts AS c ON c.actor_key = a.actor_key
),
typed AS (
    SELECT
        *,
        CASE WHEN voted
            THEN first_value(actor_key) OVER (
                PARTITION BY folded, voted ORDER BY mentions DESC, actor_key
            )
            ELSE actor_key END AS typed_key
    FROM named
),
people AS (
    SELECT actor_key, name, folded
    FROM typed
    WHERE actor_key = typed_key AND actor_type = 'person'
),
name_words AS (
    SELECT p.actor_key, lower(strip_accents(w.word)) AS word
    FROM people AS p, unnest(string_split(replace(p.name, '-', ' '), ' ')) AS w(word)
    WHERE p.folded LIKE '% %' AND regexp_matches(w.word, '^[[:upper:]]')
),
surnames AS (
    SELECT s.actor_key, any_value(w.actor_key) AS canonical_key
    FROM people AS s
    JOIN name_words AS w ON w.word = s.folded AND w.actor_key <> s.actor_key
    WHERE s.folded NOT LIKE '% %'
    GROUP BY s.actor_key
    HAVING count(DISTINCT w.actor_key) = 1
)
SELECT t.actor_key, c.actor_key AS canonical_key, c.name, c.actor_type
FROM typed AS t
LEFT JOIN surnames AS s ON s.actor_key = t.typed_key
JOIN actors AS c ON c.actor_key = coalesce(s.canonical_key, t.typed_key);
