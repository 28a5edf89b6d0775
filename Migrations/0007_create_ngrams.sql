-- 0007_create_ngrams: n-gram counts and an interpolated modified Kneser-Ney language model
-- estimated from them, each model with the parameters that made it. Written by `firth ngrams`
-- (and by any command that needs a model and finds none); read by `firth ngrams`,
-- `firth perplexity`, `firth export lm` and the language-model commands.
--
-- Several models coexist (order 2 and order 5, say); each is one row of ngram_models and owns
-- the rows with its model_id in the tables below. Words are numbered per model
-- (ngram_vocabulary.id): 0 is <unk>, 1 is <s>, 2 is </s>, as in KenLM.

CREATE TABLE ngram_models (
    model_id           INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: rows of a deleted model cannot be mistaken for a new one's
    name               TEXT    NOT NULL UNIQUE,   -- e.g. 'o3.min1'
    parameters         TEXT    NOT NULL,          -- canonical JSON of every knob below
    "order"            INTEGER NOT NULL CHECK ("order" BETWEEN 1 AND 5),  -- longest n-gram
    min_count          INTEGER NOT NULL,          -- rarer words are counted as <unk>
    hold_out           REAL,                      -- fraction of documents held out; NULL: none
    seed               INTEGER NOT NULL,          -- of the hold-out draw
    status             TEXT    NOT NULL DEFAULT 'counting' CHECK (status IN ('counting', 'complete')),
    -- the corpus state it was counted from: a changed corpus makes the model stale
    corpus_documents   INTEGER NOT NULL,
    corpus_tokens      INTEGER NOT NULL,
    corpus_last_document INTEGER NOT NULL,
    -- what it holds
    training_documents INTEGER NOT NULL,          -- documents counted (the others are held out)
    sentences          INTEGER NOT NULL,          -- sentences counted, each between <s> and </s>
    tokens             INTEGER NOT NULL,          -- words counted, without <s> and </s>
    vocabulary_size    INTEGER NOT NULL,          -- rows of ngram_vocabulary, with <unk> <s> </s>
    seconds            REAL    NOT NULL,          -- how long counting and estimation took
    created_at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The documents a model did not see, to measure it on (only for models with a hold-out).
CREATE TABLE ngram_held_out (
    model_id     INTEGER NOT NULL REFERENCES ngram_models(model_id) ON DELETE CASCADE,
    document_id  INTEGER NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    PRIMARY KEY (model_id, document_id)
) WITHOUT ROWID;

-- A model's words: id 0 <unk>, 1 <s>, 2 </s>, then the words with frequency >= min_count in the
-- training documents, most frequent first.
CREATE TABLE ngram_vocabulary (
    model_id   INTEGER NOT NULL REFERENCES ngram_models(model_id) ON DELETE CASCADE,
    id         INTEGER NOT NULL,          -- the model's word id, used in ngrams below
    word_id    INTEGER REFERENCES words(word_id),   -- NULL for <unk>, <s>, </s>
    word       TEXT    NOT NULL,
    frequency  INTEGER NOT NULL,          -- occurrences in the training documents
    PRIMARY KEY (model_id, id)
) WITHOUT ROWID;

-- Per model and order: how many n-grams, the counts-of-counts of their adjusted counts, and
-- the three modified Kneser-Ney discounts made from them (Chen & Goodman 1998, eq. 26):
-- Y = n1 / (n1 + 2 n2), D1 = 1 - 2Y n2/n1, D2 = 2 - 3Y n3/n2, D3+ = 3 - 4Y n4/n3.
CREATE TABLE ngram_orders (
    model_id     INTEGER NOT NULL REFERENCES ngram_models(model_id) ON DELETE CASCADE,
    n            INTEGER NOT NULL,
    ngram_count  INTEGER NOT NULL,        -- distinct n-grams of this order
    first_id     INTEGER NOT NULL,        -- they are ngrams.ngram_id first_id ... last_id
    last_id      INTEGER NOT NULL,
    n1 INTEGER NOT NULL, n2 INTEGER NOT NULL, n3 INTEGER NOT NULL, n4 INTEGER NOT NULL,
    d1 REAL NOT NULL, d2 REAL NOT NULL, d3 REAL NOT NULL,
    fallback     INTEGER NOT NULL,        -- 1: counts-of-counts unusable, KenLM's fallback 0.5/1/1.5 used
    PRIMARY KEY (model_id, n)
) WITHOUT ROWID;

-- Every n-gram of orders 1..order seen in the training sentences (<s> w1 ... wk </s>), with its
-- count, its Kneser-Ney count and its interpolated probability. An n-gram is a word after a
-- context: context_id is the n-gram of its first n-1 words (0 for a unigram), suffix_id the
-- n-gram of its last n-1 words, the one it backs off to (0 for a unigram).
CREATE TABLE ngrams (
    ngram_id        INTEGER PRIMARY KEY,
    model_id        INTEGER NOT NULL REFERENCES ngram_models(model_id) ON DELETE CASCADE,
    n               INTEGER NOT NULL,
    w1 INTEGER NOT NULL, w2 INTEGER, w3 INTEGER, w4 INTEGER, w5 INTEGER,  -- ngram_vocabulary.id; NULL past n
    word            INTEGER NOT NULL,     -- the last word, w_n
    context_id      INTEGER NOT NULL,
    suffix_id       INTEGER NOT NULL,
    count           INTEGER NOT NULL,     -- occurrences in the training sentences
    -- Kneser-Ney's count: the raw count at the highest order and for n-grams that begin with
    -- <s>; otherwise the number of distinct words seen before it (its continuation count)
    adjusted_count  INTEGER NOT NULL DEFAULT 0,
    -- P(w_n | w1 ... w_n-1), interpolated with the lower orders (linear, not log10)
    probability     REAL    NOT NULL DEFAULT 0,
    -- gamma: the weight of the lower order after this n-gram as a context (1 when it is none)
    backoff         REAL    NOT NULL DEFAULT 1
);
-- No index on (model_id, n): each order of a model is the contiguous range of ngram_id recorded
-- in ngram_orders, which the code reads by rowid; an index would only slow the insert down.

-- The n-grams with their words spelled out, for reading in sqlite3.
CREATE VIEW ngram_words AS
    SELECT m.name AS model, g.n AS n,
           v1.word || coalesce(' ' || v2.word, '') || coalesce(' ' || v3.word, '')
                   || coalesce(' ' || v4.word, '') || coalesce(' ' || v5.word, '') AS ngram,
           g.count AS count, g.adjusted_count AS adjusted_count,
           g.probability AS probability, g.backoff AS backoff
    FROM ngrams g
    JOIN ngram_models m USING (model_id)
    JOIN ngram_vocabulary v1 ON v1.model_id = g.model_id AND v1.id = g.w1
    LEFT JOIN ngram_vocabulary v2 ON v2.model_id = g.model_id AND v2.id = g.w2
    LEFT JOIN ngram_vocabulary v3 ON v3.model_id = g.model_id AND v3.id = g.w3
    LEFT JOIN ngram_vocabulary v4 ON v4.model_id = g.model_id AND v4.id = g.w4
    LEFT JOIN ngram_vocabulary v5 ON v5.model_id = g.model_id AND v5.id = g.w5;
