-- 003: every claim gets a number within its article, given when it is
-- created and never reused, so that "claim 7" means one claim to the window,
-- the command line and the reports' working notes alike.
ALTER TABLE claims ADD COLUMN number INTEGER NOT NULL DEFAULT 0;

-- The next number of each article. It is kept apart from the article row so
-- that a claim on a long article does not read past the text to get it, and
-- so that deleting the highest claim does not free its number.
CREATE TABLE claim_counters (
	article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	next       INTEGER NOT NULL
);

-- Existing claims are numbered in the order they were created.
UPDATE claims SET number = (
	SELECT n FROM (
		SELECT id, row_number() OVER (PARTITION BY article_id ORDER BY id) AS n FROM claims
	) r WHERE r.id = claims.id);
INSERT INTO claim_counters(article_id, next)
	SELECT article_id, max(number) + 1 FROM claims GROUP BY article_id;

CREATE UNIQUE INDEX claims_article_number ON claims(article_id, number);
