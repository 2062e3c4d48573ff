-- 008: what a desk needs to sync with a team library.

-- The seq the team server gave a change, once the desk has seen it in the
-- server's log (pulled, or its own change coming back); NULL until then.
-- Which of two claims that took the same number is earlier in server
-- order follows from it.
ALTER TABLE changes ADD COLUMN server_seq INTEGER;

-- Claims whose verdict is in conflict: two verdicts set concurrently by
-- different people on synced desks. choices is a JSON array of the
-- verdicts with their rationales, authors and times; the row goes when
-- someone picks one, or with the claim.
CREATE TABLE claim_conflicts (
	claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
	choices  TEXT NOT NULL
);
