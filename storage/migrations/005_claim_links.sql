-- 005: "previously checked" as a relation: two claims linked as the same
-- claim seen in two places. A link is stored once, its smaller claim id
-- first, and goes both ways; it goes when either claim goes.
CREATE TABLE claim_links (
	claim_a INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
	claim_b INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
	created TEXT NOT NULL,
	PRIMARY KEY (claim_a, claim_b),
	CHECK (claim_a < claim_b)
) WITHOUT ROWID;
CREATE INDEX claim_links_b ON claim_links(claim_b);
