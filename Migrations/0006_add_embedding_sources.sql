-- 0006_add_embedding_sources: embeddings may also come from `firth skipgram` (source 'sgns',
-- word2vec's skip-gram with negative sampling, trained on the token stream, not a count table)
-- and from `firth combine` (source 'concat', stored embeddings concatenated word by word).
--
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt the documented way
-- (https://www.sqlite.org/lang_altertable.html#otheralter): new table, copy, drop, rename. The
-- migrator runs this with foreign keys off and checks them all before committing, so the
-- vectors in embedding_vectors (which reference embeddings) are kept, not cascaded away.

CREATE TABLE embeddings_new (
    embedding_id     INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL UNIQUE,  -- e.g. 'svd300.p0.5.w6.both.harmonic.document.min5', 'sgns300.w5.neg5.e15.min5'
    source           TEXT    NOT NULL CHECK (source IN ('svd', 'sgns', 'concat', 'import')),
    table_id         INTEGER REFERENCES cooccurrence_tables(table_id) ON DELETE SET NULL,  -- the counts, for 'svd'
    parameters       TEXT    NOT NULL,         -- canonical JSON: the knobs of `firth embed`, `firth skipgram` or `firth combine`
    dimensions       INTEGER NOT NULL,
    vocabulary_size  INTEGER NOT NULL,
    singular_values  BLOB,                     -- float32 little-endian, descending, for 'svd'
    seconds          REAL    NOT NULL,
    created_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

INSERT INTO embeddings_new (embedding_id, name, source, table_id, parameters, dimensions, vocabulary_size,
                            singular_values, seconds, created_at)
SELECT embedding_id, name, source, table_id, parameters, dimensions, vocabulary_size,
       singular_values, seconds, created_at
FROM embeddings;

DROP TABLE embeddings;
ALTER TABLE embeddings_new RENAME TO embeddings;
