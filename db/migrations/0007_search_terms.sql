-- The embedded search engine's vocabulary (issue 15): every unstemmed indexed word with the number of
-- threads holding it, for prefix completion past the stem and typo correction. search/sqlite-terms.server.ts
-- keeps it in step with search_fts on every write and fills it from search_fts when it starts out empty.
CREATE TABLE IF NOT EXISTS search_terms (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
