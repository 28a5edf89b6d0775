-- 0004_create_cooccurrences: windowed co-occurrence counts, each table with the parameters
-- that made it. Written by `firth count`; read by association measures (PMI, PPMI, ...),
-- `firth collocates`, `firth cooccurrence`, `firth embed` and `firth export`.
--
-- Several count tables coexist (window 2 and window 10, say); each is one row of
-- cooccurrence_tables and owns the rows with its table_id in the three tables below.

CREATE TABLE cooccurrence_tables (
    table_id           INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL UNIQUE,   -- e.g. 'w5.both.uniform.document.min5'
    parameters         TEXT    NOT NULL,          -- canonical JSON of every knob below
    window             INTEGER NOT NULL,          -- words on each side that count as context
    direction          TEXT    NOT NULL CHECK (direction IN ('both', 'left', 'right')),
    weighting          TEXT    NOT NULL CHECK (weighting IN ('uniform', 'harmonic', 'linear')),
    boundary           TEXT    NOT NULL CHECK (boundary IN ('sentence', 'document')),
    min_count          INTEGER NOT NULL,          -- rarer words are out of vocabulary
    max_vocabulary     INTEGER,                   -- NULL: no limit
    gaps               TEXT    NOT NULL CHECK (gaps IN ('keep', 'close')),  -- dropped words keep their places, or are deleted first
    subsample          REAL,                      -- word2vec threshold t; NULL: no subsampling
    seed               INTEGER NOT NULL,          -- for subsampling
    symmetric          INTEGER NOT NULL,          -- 1: cooccurrence_pairs holds each unordered pair once
    status             TEXT    NOT NULL DEFAULT 'counting' CHECK (status IN ('counting', 'complete')),
    -- the corpus state it was counted from: a changed corpus makes the table stale
    corpus_documents   INTEGER NOT NULL,
    corpus_tokens      INTEGER NOT NULL,
    corpus_last_document INTEGER NOT NULL,
    -- what it holds
    vocabulary_size    INTEGER NOT NULL,
    nonzero_count      INTEGER NOT NULL,          -- cells of the full word × context matrix that are not zero
    total              REAL    NOT NULL,          -- sum of all cells, D in the PMI formulas
    seconds            REAL    NOT NULL,          -- how long counting took
    created_at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The words a table counts: frequency >= min_count, at most max_vocabulary of them.
CREATE TABLE count_vocabulary (
    table_id   INTEGER NOT NULL REFERENCES cooccurrence_tables(table_id) ON DELETE CASCADE,
    word_id    INTEGER NOT NULL REFERENCES words(word_id),
    frequency  INTEGER NOT NULL,          -- corpus frequency of the word
    PRIMARY KEY (table_id, word_id)
) WITHOUT ROWID;

-- The counts as stored. For a symmetric table (direction 'both') each unordered pair is stored
-- once, with word_id <= context_id: #(w,c) = #(c,w), so the other half would only repeat it.
-- Query the `cooccurrences` view below for the full matrix.
CREATE TABLE cooccurrence_pairs (
    table_id    INTEGER NOT NULL REFERENCES cooccurrence_tables(table_id) ON DELETE CASCADE,
    word_id     INTEGER NOT NULL,
    context_id  INTEGER NOT NULL,
    count       REAL    NOT NULL,         -- weighted count #(w,c); whole numbers with uniform weighting
    PRIMARY KEY (table_id, word_id, context_id)
) WITHOUT ROWID;

-- Row and column sums of the full matrix: #(w) = Σ_c #(w,c) and #(c) = Σ_w #(w,c).
CREATE TABLE cooccurrence_marginals (
    table_id      INTEGER NOT NULL REFERENCES cooccurrence_tables(table_id) ON DELETE CASCADE,
    word_id       INTEGER NOT NULL,
    row_total     REAL    NOT NULL,       -- #(w): the word's count as a target
    column_total  REAL    NOT NULL,       -- #(c): the word's count as a context
    PRIMARY KEY (table_id, word_id)
) WITHOUT ROWID;

-- The full word × context matrix of every table: what a user queries.
CREATE VIEW cooccurrences AS
    SELECT table_id, word_id, context_id, count FROM cooccurrence_pairs
    UNION ALL
    SELECT p.table_id, p.context_id, p.word_id, p.count
    FROM cooccurrence_pairs p JOIN cooccurrence_tables t USING (table_id)
    WHERE t.symmetric = 1 AND p.word_id <> p.context_id;

-- The same with the words spelled out, for reading in sqlite3.
CREATE VIEW cooccurrence_words AS
    SELECT t.name AS table_name, w.word AS word, c.word AS context, o.count AS count
    FROM cooccurrences o
    JOIN cooccurrence_tables t USING (table_id)
    JOIN words w ON w.word_id = o.word_id
    JOIN words c ON c.word_id = o.context_id;
