-- Chronicle warehouse schema. Idempotent: applied on every writable connect.
--
-- No FOREIGN KEY clauses: DuckDB checks foreign keys eagerly, so deleting a document's
-- old rows and inserting its new ones in one transaction (what `load.load_tables` does)
-- would trip them. The loader is the only writer and keeps references whole;
-- every child table carries `doc_id` so a document's rows can be deleted together.
--
-- Character offsets are 0-based, end-exclusive, into `documents.text`.
-- Timestamps are UTC, stored without a time zone.

CREATE TABLE IF NOT EXISTS documents (
    doc_id            VARCHAR PRIMARY KEY,
    title             VARCHAR,
    source            VARCHAR,
    url               VARCHAR,
    language          VARCHAR NOT NULL,
    byline            VARCHAR,
    place             VARCHAR,
    published         DATE,              -- the document creation time (DCT), if known
    dct_basis         VARCHAR NOT NULL CHECK (dct_basis IN ('metadata', 'dateline', 'none')),
    text              VARCHAR NOT NULL,  -- the cleaned text all offsets refer to
    content_spans     STRUCT("start" INTEGER, "end" INTEGER)[] NOT NULL,
    meta              MAP(VARCHAR, VARCHAR),
    content_sha       VARCHAR NOT NULL,  -- sha256 of `text`: detects edits under the same id
    extractor_version VARCHAR NOT NULL,
    first_seen        TIMESTAMP NOT NULL,  -- kept when a document is re-extracted
    loaded_at         TIMESTAMP NOT NULL   -- when the current rows were written
);

-- Keys. A document's rows in sentences, timexes, actor_aliases, actor_mentions, event_actors
-- and document_bands are written and deleted together by the loader (statements/load/),
-- and their uniqueness is checked before they are staged (`tables.check_extraction`), so
-- these tables carry no primary key: its index cost 40% of every load and holds RAM in
-- proportion to the table. Tables that are upserted or joined by key keep theirs.

-- The same text found under several paths is one document with several sources.
CREATE TABLE IF NOT EXISTS sources (
    doc_id     VARCHAR NOT NULL,
    path       VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    PRIMARY KEY (doc_id, path)
);

CREATE TABLE IF NOT EXISTS sentences (
    doc_id         VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL CHECK (sentence_index >= 0),
    char_start     INTEGER NOT NULL CHECK (char_start >= 0),
    char_end       INTEGER NOT NULL CHECK (char_end >= char_start),
    text           VARCHAR NOT NULL
    -- unique (doc_id, sentence_index): see the note on keys above
);

CREATE TABLE IF NOT EXISTS timexes (
    doc_id     VARCHAR NOT NULL,
    char_start INTEGER NOT NULL CHECK (char_start >= 0),
    char_end   INTEGER NOT NULL CHECK (char_end >= char_start),
    text       VARCHAR NOT NULL,
    type       VARCHAR NOT NULL CHECK (type IN ('DATE', 'TIME', 'DURATION', 'SET')),
    value      VARCHAR NOT NULL,  -- TIMEX3 value, e.g. 2024-03-05, 2024-03, PXD
    mod        VARCHAR,
    basis      VARCHAR NOT NULL CHECK (basis IN ('explicit', 'relative', 'unanchored')),
    date_start DATE,              -- first and last calendar day `value` denotes (inclusive),
    date_end   DATE,              -- NULL when it denotes no days or was not resolved
    precision  VARCHAR
    -- unique (doc_id, char_start, char_end): see the note on keys above
);

CREATE TABLE IF NOT EXISTS events (
    event_id       VARCHAR PRIMARY KEY,
    doc_id         VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    trigger        VARCHAR NOT NULL,  -- as written
    lemma          VARCHAR NOT NULL,
    char_start     INTEGER NOT NULL CHECK (char_start >= 0),
    char_end       INTEGER NOT NULL CHECK (char_end >= char_start),
    event_type     VARCHAR NOT NULL,
    date_value     VARCHAR,           -- TIMEX3 value, NULL when unanchored
    date_start     DATE,              -- inclusive day range the event is placed in
    date_end       DATE,
    date_precision VARCHAR NOT NULL,
    date_text      VARCHAR,           -- the time expression the date came from, if any
    date_basis     VARCHAR NOT NULL
        CHECK (date_basis IN ('explicit', 'relative', 'dct', 'unanchored')),
    timex_start    INTEGER,
    timex_end      INTEGER,
    CHECK (date_end IS NULL OR date_start IS NULL OR date_end >= date_start)
);

-- Event attributes added after the first release: added in place on older warehouses.
ALTER TABLE events ADD COLUMN IF NOT EXISTS event_class VARCHAR;  -- TimeML class
ALTER TABLE events ADD COLUMN IF NOT EXISTS polarity VARCHAR;     -- POS / NEG
-- asserted, reported, hedged, future, hypothetical
ALTER TABLE events ADD COLUMN IF NOT EXISTS modality VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS attribution VARCHAR;  -- the claim's source
ALTER TABLE events ADD COLUMN IF NOT EXISTS quad_class VARCHAR;   -- PLOVER quad class
-- which dating rule applied: governing, sentence, clause, dct, previous, unanchored
ALTER TABLE events ADD COLUMN IF NOT EXISTS anchor_basis VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS trigger_pos VARCHAR;  -- VERB / NOUN
ALTER TABLE events ADD COLUMN IF NOT EXISTS background BOOLEAN;   -- recalled history
-- how much the event matters to its story, 0..1, and whether it is one of the 1-3 events of
-- its document a timeline editor would show (transforms/extraction/events/salience.py)
ALTER TABLE events ADD COLUMN IF NOT EXISTS salience DOUBLE;
ALTER TABLE events ADD COLUMN IF NOT EXISTS is_key BOOLEAN;

-- Cross-document duplicate clusters (transforms/deduplication/event_clusters.py),
-- recomputed over the whole warehouse when stale (`deduplication.recluster`): one row per
-- event, `cluster_id` the smallest event id of the events reporting the same happening.
CREATE TABLE IF NOT EXISTS event_clusters (
    event_id   VARCHAR PRIMARY KEY,
    cluster_id VARCHAR NOT NULL
);

-- A document's MinHash signature (transforms/extraction/signature.py), written when the document
-- is loaded: computing it costs ~20 ms per 1,000 words, so it is computed once per text and
-- stored, never per run. `shingles` = 0 marks a document with no content to compare.
CREATE TABLE IF NOT EXISTS document_signatures (
    doc_id    VARCHAR PRIMARY KEY,
    minhashes BIGINT[] NOT NULL,  -- 128 values below 2^61
    shingles  INTEGER NOT NULL CHECK (shingles >= 0)
);

-- The signature's LSH bucket keys (one per band): documents sharing a key are candidate
-- near-duplicates, found by a self-join on `band_key` instead of comparing every pair.
CREATE TABLE IF NOT EXISTS document_bands (
    doc_id   VARCHAR NOT NULL,
    band_key VARCHAR NOT NULL
    -- unique (doc_id, band_key): see the note on keys above
);

-- Near-duplicate documents (syndicated copies of one story) linked into story groups,
-- recomputed over the whole warehouse when stale (see `deduplication.regroup_stories`): one row
-- per document, `group_id` the id of the group's earliest-loaded document, so a group
-- keeps its name when later copies arrive. A document with no near duplicate is its own
-- group.
CREATE TABLE IF NOT EXISTS story_groups (
    doc_id   VARCHAR PRIMARY KEY,
    group_id VARCHAR NOT NULL
);

-- Every written form a document used for an actor ("Putin" for person:vladimir putin):
-- the alias table that lets a search by any name find the actor.
CREATE TABLE IF NOT EXISTS actor_aliases (
    doc_id    VARCHAR NOT NULL,
    alias     VARCHAR NOT NULL,
    actor_key VARCHAR NOT NULL
    -- unique (doc_id, alias, actor_key): see the note on keys above
);

-- Actors are shared across documents; the last load to mention a key names it.
CREATE TABLE IF NOT EXISTS actors (
    actor_key  VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    actor_type VARCHAR NOT NULL
        CHECK (actor_type IN ('person', 'organisation', 'country', 'place'))
);

CREATE TABLE IF NOT EXISTS actor_mentions (
    doc_id     VARCHAR NOT NULL,
    char_start INTEGER NOT NULL CHECK (char_start >= 0),
    char_end   INTEGER NOT NULL CHECK (char_end >= char_start),
    text       VARCHAR NOT NULL,
    actor_key  VARCHAR NOT NULL
    -- unique (doc_id, char_start, char_end, actor_key): see the note on keys above
);

CREATE TABLE IF NOT EXISTS event_actors (
    event_id      VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL,  -- denormalised so a document's rows delete in one go
    actor_key     VARCHAR NOT NULL,
    role          VARCHAR NOT NULL
        CHECK (role IN ('agent', 'patient', 'recipient', 'location', 'other')),
    mention_start INTEGER NOT NULL,
    mention_end   INTEGER NOT NULL
    -- unique (event_id, actor_key, role, mention_start, mention_end): see the note on keys above
);

-- Inputs that could not become documents. `line_key` is `line` with 0 for "whole file"
-- (lines are 1-based), because a primary key column cannot be NULL; re-quarantining the
-- same problem updates `run_id` / `quarantined_at` instead of adding a row.
CREATE TABLE IF NOT EXISTS quarantine (
    path                 VARCHAR NOT NULL,
    line_key             INTEGER NOT NULL CHECK (line_key >= 0),
    line                 INTEGER,
    reason               VARCHAR NOT NULL,
    error_class          VARCHAR NOT NULL,
    run_id               VARCHAR NOT NULL,   -- the latest run that rejected it
    first_quarantined_at TIMESTAMP NOT NULL,
    quarantined_at       TIMESTAMP NOT NULL, -- the latest time it was rejected
    PRIMARY KEY (path, line_key, reason)
);

-- One row per run. `pid` and `host` name the process that runs it, so the next run can
-- close the row of a run whose process is gone (killed, crashed) as `abandoned`.
CREATE TABLE IF NOT EXISTS runs (
    run_id            VARCHAR PRIMARY KEY,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    state             VARCHAR NOT NULL
        CHECK (state IN ('running', 'completed', 'failed', 'cancelled', 'abandoned')),
    documents_seen    INTEGER NOT NULL DEFAULT 0,
    documents_new     INTEGER NOT NULL DEFAULT 0,
    documents_changed INTEGER NOT NULL DEFAULT 0,
    documents_skipped INTEGER NOT NULL DEFAULT 0,
    quarantined       INTEGER NOT NULL DEFAULT 0,
    events_written    INTEGER NOT NULL DEFAULT 0,
    extractor_version VARCHAR NOT NULL,
    pid               INTEGER,
    host              VARCHAR
);

-- The digest of the schema.sql and models/ text last applied: `connection.connect` applies
-- them again only when they changed (the loader connects once per batch, and re-creating
-- the views rewrites the catalog each time).
CREATE TABLE IF NOT EXISTS schema_applied (sha VARCHAR NOT NULL);

-- Key-event timelines (transforms/summarization), refreshed at the end of every run that
-- changed the warehouse (`summaries.refresh`): the key dates of a scope, and for each the
-- sentences that say what happened that day. `scope` is `corpus` for the whole
-- warehouse (what a run writes), else the slice's filters (`Scope.label`), e.g.
-- `actor=BP since=2010-05-01`. `date` is the calendar day; `rank` 1 is the most important
-- date of the scope (in key_dates) or the first sentence of the date (in
-- key_date_sentences). The view `key_timeline` joins both with their documents.
CREATE TABLE IF NOT EXISTS key_dates (
    scope             VARCHAR NOT NULL,
    date              DATE NOT NULL,
    rank              INTEGER NOT NULL CHECK (rank >= 1),
    score             DOUBLE NOT NULL,   -- the ranking score (higher is more important)
    referring_stories DOUBLE NOT NULL,   -- stories referring to the day, weighted by how
    stories_published INTEGER NOT NULL,  -- ... explicitly; stories published that day
    salience          DOUBLE NOT NULL,   -- summed salience of its events (0 when unknown)
    computed_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, date)
);

-- The sentences of each key date, with their provenance: the document, the sentence's
-- index and its offsets in `documents.text`. `support` counts the stories (near-duplicate
-- groups) that carry the same sentence, so a syndicated sentence is shown once.
CREATE TABLE IF NOT EXISTS key_date_sentences (
    scope          VARCHAR NOT NULL,
    date           DATE NOT NULL,
    rank           INTEGER NOT NULL CHECK (rank >= 1),
    score          DOUBLE NOT NULL,
    doc_id         VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    char_start     INTEGER NOT NULL CHECK (char_start >= 0),
    char_end       INTEGER NOT NULL CHECK (char_end >= char_start),
    text           VARCHAR NOT NULL,
    published      DATE,               -- the document's publication date
    support        INTEGER NOT NULL CHECK (support >= 1),
    computed_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, date, rank)
);
