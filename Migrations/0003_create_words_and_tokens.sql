-- 0003_create_words_and_tokens: the vocabulary and the running text as integer word ids.
-- Written by `firth ingest`; read by every counting stage.
--
-- tokens.position is the INTEGER PRIMARY KEY (the rowid), so `t2.position = t1.position + d`
-- is a direct B-tree lookup, and a window join needs no document comparison: documents are
-- separated by corpus.document_gap empty positions, more than any window is allowed to span.
-- Sentences are numbered across the corpus, so a sentence-bounded window adds
-- `t2.sentence = t1.sentence`.
CREATE TABLE words (
    word_id  INTEGER PRIMARY KEY,
    word     TEXT    NOT NULL UNIQUE,
    count    INTEGER NOT NULL DEFAULT 0    -- corpus frequency, kept up to date by each ingest
);
CREATE TABLE tokens (
    position  INTEGER PRIMARY KEY,
    word_id   INTEGER NOT NULL REFERENCES words(word_id),
    sentence  INTEGER NOT NULL
);
