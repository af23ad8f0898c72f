-- One actor per real-world referent across the warehouse: for every actor key, the key, name
-- and type of the actor it is. Each document is extracted alone (spelling variants, accents
-- and short forms inside one story are already one key); what all documents say together
-- decides two more things:
-- * one name, one type: the model may label a name a person in one story, an organisation or
--   a place in another; the type most of its mentions have wins (ties: the first key in
--   order): "Deepwater Horizon", a person in 271 mentions of one corpus and a place in 279,
--   is one actor. A name the gazetteer knows has its type in every story; countries come
--   from the gazetteer alone. A company some story wrote with its legal form ("Transocean
--   Ltd": extraction leaves the form off the name and keeps what was written as an alias,
--   `corporate_suffixes`) is an organisation in every story, however many mentions the
--   model called a place: the legal form is the text's word for it, the label a guess.
-- * a surname alone joins the full name: a person's one-word name ("Putin", "Lula") that is a
--   capitalised word of exactly one longer person's name in the warehouse ("Vladimir Putin",
--   "Luiz Inácio Lula da Silva") is that person; with several candidates ("Kim": "Kim Jong
--   Un", "Kim Yong Bok") it stays itself, unless it is the last word of one of them mentioned
--   at least five times as often as any other (the corpus's "Obama" is Barack Obama, not
--   Michelle Obama): news copy calls the prominent bearer of a surname by it alone.
-- * a name with middle initials or a generational suffix is the same name without them
--   ("Timothy F. Geithner", "Eric H. Holder Jr.", "Eric Holder"): one actor, named as its
--   most mentioned form (ties: the first key in order, so a re-run names it alike), unless
--   two names with different initials or suffixes reduce to it ("George W. Bush" and "George
--   H. W. Bush" beside "George Bush" stay three, as do a "Jr." and a "Sr." beside the bare
--   name).
-- * an acronym is the organisation a story spelled it out for ("EPA", defined in one story
--   as "the Environmental Protection Agency (EPA)", is the agency in every story): an
--   organisation named in capitals that documents wrote for one other organisation
--   (`actor_aliases`; `transforms/extraction/actors` joins a defined acronym in its story),
--   or for several of which one is mentioned five times as often as any other (a misspelt
--   "Mineral Management Service" beside the "Minerals Management Service").
-- * a company named with "Corp", "Corporation", "Co" or "Company" is the one other stories
--   name without it ("Exxon Mobil Corp", "Exxon Mobil"; whatever type that name won, but a
--   person's), when some story does, else one company with its forms of the word ("Federal
--   Deposit Insurance Corp.", "... Corporation": the most mentioned, ties as above); the word
--   is not cut off, since it may be the name's own. Legal forms ("Plc", "Inc") are left off
--   in extraction (`corporate_suffixes`).
-- * an organisation named after its country is the one other stories name without it ("U.S.
--   Coast Guard", "Coast Guard"; again not a person; extraction keys the country's every
--   written form by its name: "US", "U.S.", "United States"), unless organisations of that
--   name come with two countries ("UK Department of Health", "US Department of Health"):
--   then each is its own.
-- * a one-word name some stories made an organisation (the model's lone person, in a story
--   that never names it in full: `transforms/extraction/actors/canonical.py`) is a person too
--   when other stories call it a person and its full name is mentioned at least as often as
--   the word alone ("Obama" 567 times an organisation in one corpus, beside 1,362 "Barack
--   Obama"); a company called by one word ("Ford") outnumbers a person of that surname.
CREATE OR REPLACE VIEW actor_canonical AS
WITH mention_counts AS (
    SELECT actor_key, count(*) AS mentions
    FROM actor_mentions
    GROUP BY actor_key
),
-- organisations some story wrote as their name and one word more: the legal form left off
-- (or a respelling, "Bloomberg News" of Bloomberg: an organisation either way)
incorporated AS (
    SELECT DISTINCT actor_key
    FROM (
        SELECT
            al.actor_key,
            lower(strip_accents(al.alias)) AS written,
            lower(strip_accents(a.name)) || ' ' AS stem
        FROM actor_aliases AS al
        JOIN actors AS a ON a.actor_key = al.actor_key
        WHERE a.actor_type = 'organisation'
    )
    WHERE starts_with(written, stem)
        AND length(written) > length(stem)
        AND NOT contains(substr(written, length(stem) + 1), ' ')
),
named AS (
    SELECT
        a.actor_key,
        a.name,
        a.actor_type,
        substr(a.actor_key, strpos(a.actor_key, ':') + 1) AS folded,
        a.actor_type IN ('person', 'organisation', 'place') AS voted,
        coalesce(c.mentions, 0) AS mentions,
        a.actor_key IN (SELECT actor_key FROM incorporated) AS incorporated
    FROM actors AS a
    LEFT JOIN mention_counts AS c ON c.actor_key = a.actor_key
),
typed AS (
    SELECT
        *,
        CASE WHEN voted
            THEN first_value(actor_key) OVER (
                PARTITION BY folded, voted ORDER BY incorporated DESC, mentions DESC, actor_key
            )
            ELSE actor_key END AS typed_key
    FROM named
),
-- each name once, as the actor its type vote chose; the other keys of the name fold into it
winners AS (
    SELECT * FROM typed WHERE actor_key = typed_key
),
people AS (
    SELECT actor_key, name, folded, mentions FROM winners WHERE actor_type = 'person'
),
bare_names AS (
    SELECT
        actor_key,
        folded,
        mentions,
        trim(regexp_replace(
            regexp_replace(' ' || folded || ' ', ' ([a-z]\.)+', '', 'g'), ' (jr|sr)\.? *$', ''
        )) AS bare
    FROM people
    WHERE folded LIKE '% %'
),
variant_groups AS (
    SELECT
        bare,
        count(DISTINCT folded) FILTER (WHERE folded <> bare) AS initialled,
        first(actor_key ORDER BY mentions DESC, actor_key) AS main_key
    FROM bare_names
    GROUP BY bare
),
variants AS (
    SELECT b.actor_key, g.main_key AS canonical_key
    FROM bare_names AS b
    JOIN variant_groups AS g USING (bare)
    WHERE g.initialled = 1 AND b.actor_key <> g.main_key
),
name_words AS (
    SELECT DISTINCT
        p.actor_key,
        p.mentions,
        lower(strip_accents(w.word)) AS word,
        w.word = string_split(replace(p.name, '-', ' '), ' ')[-1] AS last_word
    FROM people AS p, unnest(string_split(replace(p.name, '-', ' '), ' ')) AS w(word)
    WHERE p.folded LIKE '% %' AND regexp_matches(w.word, '^[[:upper:]]')
        AND p.actor_key NOT IN (SELECT actor_key FROM variants)
),
one_words AS (
    SELECT
        t.typed_key AS actor_key,
        any_value(t.folded) AS folded,
        bool_or(t.actor_type = 'person') AS called_a_person,
        bool_or(t.actor_key = t.typed_key AND t.actor_type = 'person') AS a_person,
        sum(t.mentions) AS mentions
    FROM typed AS t
    WHERE t.voted AND t.folded NOT LIKE '% %'
    GROUP BY t.typed_key
),
full_names AS (
    SELECT
        o.actor_key,
        o.a_person,
        o.mentions AS short_mentions,
        w.actor_key AS full_key,
        w.mentions,
        w.last_word,
        count(*) OVER (PARTITION BY o.actor_key) AS candidates,
        row_number() OVER (PARTITION BY o.actor_key ORDER BY w.mentions DESC, w.actor_key) AS rank,
        lead(w.mentions) OVER (PARTITION BY o.actor_key ORDER BY w.mentions DESC, w.actor_key)
            AS next_mentions
    FROM one_words AS o
    JOIN name_words AS w ON w.word = o.folded AND w.actor_key <> o.actor_key
    WHERE o.called_a_person
),
surnames AS (
    SELECT actor_key, full_key AS canonical_key
    FROM full_names
    WHERE rank = 1
        AND (candidates = 1 OR (last_word AND mentions >= 5 * next_mentions))
        AND (a_person OR mentions >= short_mentions)
),
company_forms AS (
    SELECT
        actor_key,
        mentions,
        regexp_replace(folded, ' (corp|corporation|co|company)\.?$', '') AS bare
    FROM winners
    WHERE actor_type = 'organisation'
        AND regexp_matches(folded, ' (corp|corporation|co|company)\.?$')
),
companies AS (
    SELECT
        f.actor_key,
        coalesce(
            b.actor_key,
            first_value(f.actor_key) OVER (
                PARTITION BY f.bare ORDER BY f.mentions DESC, f.actor_key
            )
        ) AS canonical_key
    FROM company_forms AS f
    LEFT JOIN winners AS b ON b.folded = f.bare AND b.actor_type IN ('organisation', 'place')
),
countries AS (
    SELECT folded FROM named WHERE actor_type = 'country'
),
national_forms AS (
    SELECT t.actor_key, c.folded AS country, substr(t.folded, length(c.folded) + 2) AS bare
    FROM winners AS t
    JOIN countries AS c ON starts_with(t.folded, c.folded || ' ')
    WHERE t.actor_type = 'organisation'
    QUALIFY row_number() OVER (PARTITION BY t.actor_key ORDER BY length(c.folded) DESC) = 1
),
nationals AS (
    SELECT f.actor_key, b.actor_key AS canonical_key
    FROM national_forms AS f
    JOIN winners AS b ON b.folded = f.bare AND b.actor_type IN ('organisation', 'place')
    WHERE f.bare IN (
        SELECT bare FROM national_forms GROUP BY bare HAVING count(DISTINCT country) = 1
    )
),
spelled_out AS (
    SELECT DISTINCT t.actor_key, n.actor_key AS full_key, n.mentions
    FROM winners AS t
    JOIN named AS a ON a.actor_key = t.actor_key
    JOIN actor_aliases AS al ON al.alias = a.name AND al.actor_key <> a.actor_key
    JOIN named AS n ON n.actor_key = al.actor_key
    WHERE a.actor_type = 'organisation' AND n.actor_type = 'organisation'
        AND a.name = upper(a.name) AND a.name NOT LIKE '% %'
),
acronyms AS (
    SELECT actor_key, full_key AS canonical_key
    FROM (
        SELECT
            *,
            row_number() OVER (PARTITION BY actor_key ORDER BY mentions DESC, full_key) AS rank,
            lead(mentions) OVER (PARTITION BY actor_key ORDER BY mentions DESC, full_key)
                AS next_mentions
        FROM spelled_out
    )
    WHERE rank = 1 AND (next_mentions IS NULL OR mentions >= 5 * next_mentions)
)
SELECT t.actor_key, c.actor_key AS canonical_key, c.name, c.actor_type
FROM typed AS t
LEFT JOIN variants AS v ON v.actor_key = t.typed_key
LEFT JOIN surnames AS s ON s.actor_key = t.typed_key
LEFT JOIN acronyms AS x ON x.actor_key = t.typed_key
LEFT JOIN companies AS f ON f.actor_key = t.typed_key
LEFT JOIN nationals AS n ON n.actor_key = t.typed_key
JOIN actors AS c ON c.actor_key = coalesce(
    v.canonical_key, s.canonical_key, x.canonical_key, f.canonical_key, n.canonical_key,
    t.typed_key
);
