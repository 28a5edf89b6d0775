-- 0001_create_corpus: the corpus itself, one row, holding what every later stage must agree on.
-- Written by `firth ingest` on first use; read by every stage that tokenizes text (ingest,
-- attention queries), so that a query sentence is tokenized exactly as the corpus was.
CREATE TABLE corpus (
    corpus_id      INTEGER PRIMARY KEY CHECK (corpus_id = 1),  -- one corpus per database file
    name           TEXT    NOT NULL,
    tokenizer      TEXT    NOT NULL,   -- JSON: the Tokenizer settings (case folding, hyphens, ...)
    document_gap   INTEGER NOT NULL,   -- empty positions between documents (windows never span them)
    created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
