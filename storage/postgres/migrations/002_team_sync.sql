-- 002: claims whose verdict is in conflict: two verdicts set concurrently
-- by different people on desks synced through this library. choices holds
-- the verdicts with their rationales, authors and times; the row goes when
-- someone picks one, or with the claim.
CREATE TABLE claim_conflicts (
	claim_id bigint PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
	choices  jsonb NOT NULL
);
