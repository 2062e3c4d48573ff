-- 007: what the library list needs to show a page of a large library
-- without reading every article: a filter index over titles, publishers and
-- addresses, each article's claim and done counts kept as claims change,
-- and an index for each order the list can be sorted in.

-- Filter as you type: word prefixes of the title, publisher and URL. The
-- 1-, 2- and 3-character prefix indexes answer the first keys quickly.
CREATE VIRTUAL TABLE articles_find USING fts5(
	title, publisher, url,
	content = 'articles', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '1 2 3'
);
CREATE TRIGGER articles_find_insert AFTER INSERT ON articles BEGIN
	INSERT INTO articles_find(rowid, title, publisher, url) VALUES (new.id, new.title, new.publisher, new.url);
END;
CREATE TRIGGER articles_find_delete AFTER DELETE ON articles BEGIN
	INSERT INTO articles_find(articles_find, rowid, title, publisher, url) VALUES ('delete', old.id, old.title, old.publisher, old.url);
END;
CREATE TRIGGER articles_find_update AFTER UPDATE OF title, publisher, url ON articles
WHEN old.title IS NOT new.title OR old.publisher IS NOT new.publisher OR old.url IS NOT new.url BEGIN
	INSERT INTO articles_find(articles_find, rowid, title, publisher, url) VALUES ('delete', old.id, old.title, old.publisher, old.url);
	INSERT INTO articles_find(rowid, title, publisher, url) VALUES (new.id, new.title, new.publisher, new.url);
END;
INSERT INTO articles_find(articles_find) VALUES ('rebuild');

-- Each article's claims and done claims, kept by triggers in the same
-- transaction as the change, so that the list never counts claims. It is a
-- table of its own so that a status change does not rewrite the article's
-- row, which holds its text.
CREATE TABLE article_progress (
	article_id INTEGER PRIMARY KEY,
	claims     INTEGER NOT NULL DEFAULT 0,
	done       INTEGER NOT NULL DEFAULT 0,
	progress   REAL GENERATED ALWAYS AS (CASE WHEN claims > 0 THEN CAST(done AS REAL) / claims ELSE 0 END) VIRTUAL
);
INSERT INTO article_progress(article_id, claims, done)
	SELECT a.id,
		(SELECT count(*) FROM claims c WHERE c.article_id = a.id),
		(SELECT count(*) FROM claims c WHERE c.article_id = a.id AND c.status = 'done')
	FROM articles a;
CREATE TRIGGER article_progress_article AFTER INSERT ON articles BEGIN
	INSERT OR IGNORE INTO article_progress(article_id) VALUES (new.id);
END;
CREATE TRIGGER article_progress_article_gone AFTER DELETE ON articles BEGIN
	DELETE FROM article_progress WHERE article_id = old.id;
END;
CREATE TRIGGER article_progress_claim AFTER INSERT ON claims BEGIN
	UPDATE article_progress SET claims = claims + 1, done = done + (new.status = 'done') WHERE article_id = new.article_id;
END;
CREATE TRIGGER article_progress_claim_gone AFTER DELETE ON claims BEGIN
	UPDATE article_progress SET claims = claims - 1, done = done - (old.status = 'done') WHERE article_id = old.article_id;
END;
CREATE TRIGGER article_progress_claim_status AFTER UPDATE OF status, article_id ON claims
WHEN old.status IS NOT new.status OR old.article_id IS NOT new.article_id BEGIN
	UPDATE article_progress SET claims = claims - 1, done = done - (old.status = 'done') WHERE article_id = old.article_id;
	UPDATE article_progress SET claims = claims + 1, done = done + (new.status = 'done') WHERE article_id = new.article_id;
END;

-- The orders of the list, each with the newest first among equals.
CREATE INDEX articles_title_order ON articles(title COLLATE NOCASE, id DESC);
CREATE INDEX articles_publisher_order ON articles(publisher COLLATE NOCASE, id DESC);
CREATE INDEX article_progress_order ON article_progress(progress, article_id DESC);
CREATE INDEX article_progress_claims_order ON article_progress(claims DESC, article_id DESC);
