-- 001: the library's tables.
-- application_id marks the file as a FactDesk library ('FACT').
PRAGMA application_id = 1178682196;

CREATE TABLE articles (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	title     TEXT NOT NULL,
	byline    TEXT NOT NULL DEFAULT '',
	publisher TEXT NOT NULL DEFAULT '',
	url       TEXT NOT NULL DEFAULT '',
	language  TEXT NOT NULL DEFAULT '',
	published TEXT NOT NULL DEFAULT '', -- RFC 3339, '' when unknown
	retrieved TEXT NOT NULL DEFAULT '',
	created   TEXT NOT NULL,
	version   INTEGER NOT NULL DEFAULT 1,
	-- text comes last so that listing the library reads only the head of each row.
	text      TEXT NOT NULL
);

CREATE TABLE article_versions (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	number     INTEGER NOT NULL,
	format     TEXT NOT NULL DEFAULT 'text',
	sha256     TEXT NOT NULL,
	created    TEXT NOT NULL,
	text       TEXT NOT NULL,
	source     BLOB,
	UNIQUE (article_id, number)
);

CREATE TABLE claims (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	start         INTEGER NOT NULL,
	"end"         INTEGER NOT NULL,
	status        TEXT NOT NULL DEFAULT 'unchecked',
	verdict       TEXT NOT NULL DEFAULT '',
	claimant      TEXT NOT NULL DEFAULT '',
	claim_date    TEXT NOT NULL DEFAULT '',
	anchor_method TEXT NOT NULL DEFAULT 'marked',
	anchor_score  REAL NOT NULL DEFAULT 1,
	created       TEXT NOT NULL,
	updated       TEXT NOT NULL,
	exact         TEXT NOT NULL,
	prefix        TEXT NOT NULL DEFAULT '',
	suffix        TEXT NOT NULL DEFAULT '',
	statement     TEXT NOT NULL,
	notes         TEXT NOT NULL DEFAULT ''
);
-- Text order within an article; the rowid completes (start, end, id).
CREATE INDEX claims_article_start ON claims(article_id, start, "end");
-- Claim and done counts of the library list come from this index alone.
CREATE INDEX claims_article_status ON claims(article_id, status);
CREATE INDEX claims_claimant ON claims(claimant);

CREATE TABLE tags (
	id    INTEGER PRIMARY KEY,
	name  TEXT NOT NULL UNIQUE,
	color TEXT NOT NULL DEFAULT ''
);

CREATE TABLE claim_tags (
	claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
	tag_id   INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
	position INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (claim_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX claim_tags_tag ON claim_tags(tag_id);

CREATE TABLE sources (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	claim_id    INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
	url         TEXT NOT NULL,
	title       TEXT NOT NULL DEFAULT '',
	publisher   TEXT NOT NULL DEFAULT '',
	accessed    TEXT NOT NULL DEFAULT '',
	archive_url TEXT NOT NULL DEFAULT '',
	stance      TEXT NOT NULL DEFAULT 'context',
	excerpt     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sources_claim ON sources(claim_id);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE dismissed_suggestions (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	start      INTEGER NOT NULL,
	"end"      INTEGER NOT NULL,
	PRIMARY KEY (article_id, start, "end")
) WITHOUT ROWID;
