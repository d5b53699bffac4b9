-- The embedded search engine (search/sqlite-fts.server.ts keeps the same DDL for rebuilds).
-- Words: porter-stemmed unicode61, columns in order of importance; rank weights them the same way.
CREATE VIRTUAL TABLE search_fts USING fts5(title, accepted, question, answers, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '3');
--> statement-breakpoint
INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(1.0, 0.5, 0.25, 0.125)');
--> statement-breakpoint
-- Scripts written without spaces (Chinese, Japanese, Korean): trigrams, only for documents that contain them.
CREATE VIRTUAL TABLE search_fts_cjk USING fts5(title, accepted, question, answers, tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO search_fts_cjk(search_fts_cjk, rank) VALUES ('rank', 'bm25(1.0, 0.5, 0.25, 0.125)');
--> statement-breakpoint
-- Filterable and sortable fields of each indexed thread; rowid of both FTS tables = thread_id.
CREATE TABLE search_docs (
  thread_id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  category TEXT NOT NULL,
  category_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  solved INTEGER NOT NULL,
  has_staff_answer INTEGER NOT NULL,
  votes INTEGER NOT NULL,
  me_too INTEGER NOT NULL,
  created INTEGER NOT NULL,
  last_activity INTEGER NOT NULL
);
