-- 002: the full-text index over articles, claims, notes and sources.
-- The FTS5 tables index the rows of their content tables without a copy of
-- the text; triggers keep them in step inside the same transaction as each
-- change, including rows removed by ON DELETE CASCADE. Prefix indexes of 2
-- and 3 characters keep search-as-you-type fast on short words.

CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, text,
	content = 'articles', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles
WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE VIRTUAL TABLE claims_fts USING fts5(
	statement, exact, notes,
	content = 'claims', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
	INSERT INTO claims_fts(rowid, statement, exact, notes) VALUES (new.id, new.statement, new.exact, new.notes);
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
	INSERT INTO claims_fts(claims_fts, rowid, statement, exact, notes) VALUES ('delete', old.id, old.statement, old.exact, old.notes);
END;
CREATE TRIGGER claims_fts_update AFTER UPDATE OF statement, exact, notes ON claims
WHEN old.statement IS NOT new.statement OR old.exact IS NOT new.exact OR old.notes IS NOT new.notes BEGIN
	INSERT INTO claims_fts(claims_fts, rowid, statement, exact, notes) VALUES ('delete', old.id, old.statement, old.exact, old.notes);
	INSERT INTO claims_fts(rowid, statement, exact, notes) VALUES (new.id, new.statement, new.exact, new.notes);
END;

CREATE VIRTUAL TABLE sources_fts USING fts5(
	url, title, publisher, excerpt,
	content = 'sources', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
CREATE TRIGGER sources_fts_insert AFTER INSERT ON sources BEGIN
	INSERT INTO sources_fts(rowid, url, title, publisher, excerpt) VALUES (new.id, new.url, new.title, new.publisher, new.excerpt);
END;
CREATE TRIGGER sources_fts_delete AFTER DELETE ON sources BEGIN
	INSERT INTO sources_fts(sources_fts, rowid, url, title, publisher, excerpt) VALUES ('delete', old.id, old.url, old.title, old.publisher, old.excerpt);
END;
CREATE TRIGGER sources_fts_update AFTER UPDATE OF url, title, publisher, excerpt ON sources
WHEN old.url IS NOT new.url OR old.title IS NOT new.title OR old.publisher IS NOT new.publisher OR old.excerpt IS NOT new.excerpt BEGIN
	INSERT INTO sources_fts(sources_fts, rowid, url, title, publisher, excerpt) VALUES ('delete', old.id, old.url, old.title, old.publisher, old.excerpt);
	INSERT INTO sources_fts(rowid, url, title, publisher, excerpt) VALUES (new.id, new.url, new.title, new.publisher, new.excerpt);
END;

-- Index what a library of version 1 already holds.
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
INSERT INTO claims_fts(claims_fts) VALUES ('rebuild');
INSERT INTO sources_fts(sources_fts) VALUES ('rebuild');
