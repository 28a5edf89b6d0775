-- 0011_add_ngram_subcorpus: an n-gram model may be counted from one subcorpus's documents
-- (`firth ngrams --subcorpus NAME`), as a co-occurrence count may (0009). NULL: the whole corpus.
-- Its parameters then hold "subcorpus": NAME and its name ends in @NAME; dropping the subcorpus
-- drops the models counted from it, with their n-grams and images.

ALTER TABLE ngram_models ADD COLUMN subcorpus_id INTEGER REFERENCES subcorpora(subcorpus_id) ON DELETE CASCADE;
