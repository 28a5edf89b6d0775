-- 0013_create_embedding_images: an embedding's vectors as one binary image, so a query command
-- (`firth predict`, `neighbors`, `similarity`, …) loads them with one read instead of one
-- `embedding_vectors` row per word joined to `words` for the frequencies.
--
-- The image holds nothing new: the words and their vectors in row order, copied from
-- `embedding_vectors` when the embedding is stored (the rows stay the reference, and what
-- sqlite3, `firth export` and this image's checks are measured against), and each word's
-- `words.count` and their total as of the corpus state recorded beside them. A reader that finds
-- another layout version, other sizes, a corpus that has changed since, bytes that do not parse,
-- or no image (an embedding stored before this migration) reads the rows instead; a query
-- command that could write then stores a fresh image. Layout (little-endian): see
-- Sources/FirthKit/Store/EmbeddingImage.swift.

CREATE TABLE embedding_images (
    embedding_id          INTEGER PRIMARY KEY REFERENCES embeddings(embedding_id) ON DELETE CASCADE,
    format                INTEGER NOT NULL,  -- the layout's version (EmbeddingImage.format)
    vocabulary_size       INTEGER NOT NULL,  -- rows, as embeddings.vocabulary_size
    dimensions            INTEGER NOT NULL,  -- columns, as embeddings.dimensions
    corpus_documents      INTEGER NOT NULL,  -- the corpus state the word counts belong to,
    corpus_tokens         INTEGER NOT NULL,  --   as cooccurrence_tables records it
    corpus_last_document  INTEGER NOT NULL,
    bytes                 INTEGER NOT NULL,  -- length(image)
    image                 BLOB    NOT NULL,
    created_at            TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
