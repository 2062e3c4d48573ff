-- 006: global ids, revisions and the history of every change.

-- Every article, version, claim and source gets a UUID beside its short
-- number: exports and sync know it by that. Existing rows get random
-- (version 4) ones.
ALTER TABLE articles ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
ALTER TABLE article_versions ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
UPDATE articles SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE article_versions SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE claims SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE sources SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX articles_uuid ON articles(uuid);
CREATE UNIQUE INDEX article_versions_uuid ON article_versions(uuid);
CREATE UNIQUE INDEX claims_uuid ON claims(uuid);
CREATE UNIQUE INDEX sources_uuid ON sources(uuid);

-- Every article, claim, source and setting carries a revision, from 1; an
-- update names the revision it read and is refused if the row moved on.
ALTER TABLE articles ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;
ALTER TABLE claims ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sources ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;
ALTER TABLE settings ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;

-- The people who change the library. The one this desk writes as is named
-- by the setting user.uuid.
CREATE TABLE people (
	uuid TEXT PRIMARY KEY,
	name TEXT NOT NULL
) WITHOUT ROWID;

-- The history: one row per change to one thing, written in the same
-- transaction as the change. It is what a team library syncs: changes are
-- known by their UUID and ordered by their hybrid-logical-clock time (hlc,
-- text that sorts as the clock does). fields is a JSON array of
-- {"field", "old", "new"}; a delete keeps every old value (a tombstone).
-- entity_id and entity_key find the thing by its short number or setting
-- key, also once it is gone; article_uuid and claim_uuid place it.
CREATE TABLE changes (
	seq          INTEGER PRIMARY KEY,
	uuid         TEXT NOT NULL UNIQUE,
	hlc          TEXT NOT NULL,
	author_uuid  TEXT NOT NULL REFERENCES people(uuid),
	kind         TEXT NOT NULL,
	entity_uuid  TEXT NOT NULL,
	entity_id    INTEGER NOT NULL DEFAULT 0,
	entity_key   TEXT NOT NULL DEFAULT '',
	article_uuid TEXT NOT NULL DEFAULT '',
	claim_uuid   TEXT NOT NULL DEFAULT '',
	op           TEXT NOT NULL,
	rev          INTEGER NOT NULL DEFAULT 0,
	fields       TEXT NOT NULL
);
CREATE INDEX changes_hlc ON changes(hlc);
CREATE INDEX changes_entity ON changes(entity_uuid);
CREATE INDEX changes_kind_id ON changes(kind, entity_id);
CREATE INDEX changes_article ON changes(article_uuid);
CREATE INDEX changes_claim ON changes(claim_uuid);
