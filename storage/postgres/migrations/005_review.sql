-- 005: who a claim is assigned to, who checked its verdict and who signed
-- it off (the two-person rule). Names, as the history shows people.
ALTER TABLE claims ADD COLUMN assignee text NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN checked_by text NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN reviewed_by text NOT NULL DEFAULT '';
