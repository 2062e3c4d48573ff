-- 004: what a published report needs, and the blocks of an article's text.

-- The public explanation of a claim's verdict, apart from its internal notes.
ALTER TABLE claims ADD COLUMN rationale TEXT NOT NULL DEFAULT '';

-- Where the fact-check of the article was published, and when (RFC 3339);
-- '' until it is marked as published.
ALTER TABLE articles ADD COLUMN report_url TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN report_published TEXT NOT NULL DEFAULT '';

-- The blocks of a version's text as JSON: each block's kind (heading, body,
-- caption, footnote, quotation, row, turn), its code-point span and its
-- page, speaker and time; and the page furniture left out of the text on
-- import, so that the user can see it and put a block back. '' means what
-- every version stored before this migration is: each paragraph a body
-- block, nothing removed.
ALTER TABLE article_versions ADD COLUMN blocks TEXT NOT NULL DEFAULT '';
ALTER TABLE article_versions ADD COLUMN removed TEXT NOT NULL DEFAULT '';
