-- 0009_create_subcorpora: named selections of documents (by metadata, year or source path),
-- with their members resolved when defined. Written by `firth subcorpus define`; read by
-- `--subcorpus` (vocab, concordance, count, …), `firth keywords` and `firth dispersion`.
--
-- The membership is stored, not re-evaluated: a subcorpus means the same documents tomorrow,
-- and its definition is kept beside it to say how they were chosen.

CREATE TABLE subcorpora (
    subcorpus_id       INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL UNIQUE,
    definition         TEXT    NOT NULL,   -- canonical JSON: {"source": glob, "where": expression} as given
    documents          INTEGER NOT NULL,   -- members
    tokens             INTEGER NOT NULL,   -- their tokens
    -- the corpus state it was defined on (documents ingested later are not members)
    corpus_documents   INTEGER NOT NULL,
    corpus_tokens      INTEGER NOT NULL,
    corpus_last_document INTEGER NOT NULL,
    created_at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The members: one row per (subcorpus, document).
CREATE TABLE subcorpus_documents (
    subcorpus_id  INTEGER NOT NULL REFERENCES subcorpora(subcorpus_id) ON DELETE CASCADE,
    document_id   INTEGER NOT NULL REFERENCES documents(document_id),
    PRIMARY KEY (subcorpus_id, document_id)
) WITHOUT ROWID;

-- A count made from one subcorpus belongs to it: dropping the subcorpus drops its counts.
-- NULL: the whole corpus.
ALTER TABLE cooccurrence_tables ADD COLUMN subcorpus_id INTEGER REFERENCES subcorpora(subcorpus_id) ON DELETE CASCADE;
