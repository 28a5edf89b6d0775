-- 0010_add_count_engine: which SQL engine counted a co-occurrence table. Written by
-- `firth count --engine`; the cells are the same either way (the tests compare them cell by
-- cell), so nothing reads it but people and `firth spaces`.
--
-- 'sqlite': counted inside this database; 'spark': counted by Apache Spark from staged tokens
-- and imported. Tables counted before this migration were counted by SQLite.

ALTER TABLE cooccurrence_tables ADD COLUMN engine TEXT NOT NULL DEFAULT 'sqlite' CHECK (engine IN ('sqlite', 'spark'));
