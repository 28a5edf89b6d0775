-- 0002_create_documents: one row per ingested document (a file, a JSON Lines record, a CSV row).
-- Written by `firth ingest`, one transaction per document; read by stats, concordance, counting.
-- Each document owns the token positions first_position .. first_position + token_count - 1.
CREATE TABLE documents (
    document_id     INTEGER PRIMARY KEY,
    source          TEXT    NOT NULL,  -- file path, 'path:line' for JSON Lines / CSV, or '-' for stdin
    collection      TEXT    NOT NULL,  -- the --corpus label it was ingested under (a sub-corpus)
    content_hash    INTEGER NOT NULL,  -- 64-bit FNV-1a of the normalized text; the dedupe index
    text            TEXT    NOT NULL,  -- the normalized text (UTF-8, LF line ends), kept for re-reading
    metadata        TEXT,              -- JSON object: the other JSON Lines fields / CSV columns
    encoding        TEXT    NOT NULL,  -- 'utf-8' or 'windows-1252' (decoded as a legacy encoding)
    first_position  INTEGER NOT NULL,
    token_count     INTEGER NOT NULL,
    first_sentence  INTEGER NOT NULL,  -- sentences are numbered across the corpus (tokens.sentence)
    sentence_count  INTEGER NOT NULL,
    ingested_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_by_hash ON documents(content_hash);
