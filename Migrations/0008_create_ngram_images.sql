-- 0008_create_ngram_images: a finished n-gram model as one binary image, so a query command
-- (`firth predict`, `generate`, `perplexity`) loads it with one SELECT instead of rebuilding its
-- arrays from millions of rows of `ngrams`.
--
-- The image holds nothing new: it is the model's vocabulary and, per order, the `probability`,
-- `backoff` and last word of every n-gram and where each context's children start, copied from
-- `ngram_vocabulary` and `ngrams` when the model is made (the rows stay the reference and what
-- sqlite3, `firth ngrams` and `firth export lm` read). It belongs to one model_id (ids are never
-- reused, so a recounted model never meets an old image) and records the layout's version and
-- the model's parameters and n-gram counts; a reader that finds any of them different, or no
-- image (a model made before this migration), reads the rows instead and a writer stores a new
-- image. Layout (little-endian): see Sources/FirthKit/Language/NGramModel+Image.swift.

CREATE TABLE ngram_images (
    model_id      INTEGER PRIMARY KEY REFERENCES ngram_models(model_id) ON DELETE CASCADE,
    format        INTEGER NOT NULL,          -- the layout's version (NGramModel.imageFormat)
    parameters    TEXT    NOT NULL,          -- ngram_models.parameters when the image was written
    ngram_counts  TEXT    NOT NULL,          -- distinct n-grams per order, e.g. '46788,610123,1498711'
    bytes         INTEGER NOT NULL,          -- length(image)
    image         BLOB    NOT NULL,
    created_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
