-- 0005_create_embeddings: word vectors, each set with the parameters that made it.
-- Written by `firth embed` (truncated SVD of a PPMI matrix) and `firth import-vectors`; read by
-- the query commands (neighbors, similarity, analogy, odd-one-out, evaluate, attend) and export.

CREATE TABLE embeddings (
    embedding_id     INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL UNIQUE,  -- e.g. 'svd300.w5.both.uniform.document.min5'
    source           TEXT    NOT NULL CHECK (source IN ('svd', 'import')),
    table_id         INTEGER REFERENCES cooccurrence_tables(table_id) ON DELETE SET NULL,  -- the counts, for 'svd'
    parameters       TEXT    NOT NULL,         -- canonical JSON: dimensions, eigen weight, smoothing, seed, ...
    dimensions       INTEGER NOT NULL,
    vocabulary_size  INTEGER NOT NULL,
    singular_values  BLOB,                     -- float32 little-endian, descending, for 'svd'
    seconds          REAL    NOT NULL,
    created_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- One vector per word: `dimensions` float32 values, little-endian, in one BLOB (4·d bytes),
-- so loading an embedding reads one row per word. Rows are unit length (for cosine).
-- row_index orders the words (most frequent first) and is the row of the matrix in memory.
CREATE TABLE embedding_vectors (
    embedding_id  INTEGER NOT NULL REFERENCES embeddings(embedding_id) ON DELETE CASCADE,
    row_index     INTEGER NOT NULL,
    word          TEXT    NOT NULL,         -- spelled out: imported vectors may have words the corpus lacks
    vector        BLOB    NOT NULL,
    PRIMARY KEY (embedding_id, row_index)
) WITHOUT ROWID;
CREATE UNIQUE INDEX embedding_vectors_by_word ON embedding_vectors(embedding_id, word);
