-- 0012_add_embedding_count_parameters: an SVD embedding keeps the knobs of the count it factored.
-- Written by `firth embed` (the SVD part); read with the embedding (`firth spaces`, the report).
--
-- The count's knobs live with its table, and table_id becomes NULL when that table is deleted
-- (counted again on a changed corpus, or its subcorpus dropped): the window and weighting of the
-- counts behind the vectors then survived only inside the embedding's name. A copy of the table's
-- canonical JSON is kept beside the vectors; NULL for the other sources.

ALTER TABLE embeddings ADD COLUMN count_parameters TEXT;

-- The embeddings stored before this migration whose table is still there.
UPDATE embeddings
SET count_parameters = (SELECT t.parameters FROM cooccurrence_tables t WHERE t.table_id = embeddings.table_id)
WHERE source = 'svd' AND table_id IS NOT NULL;
