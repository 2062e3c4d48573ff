-- 008: what a desk needs to sync with a team library.

-- The seq the team server gave a change, once the desk has seen it in the
-- server's log (pulled, or its own change coming back); NULL until then.
-- Which of two claims that took the same number is earlier in server
-- order follows from it.
ALTER TABLE changes ADD COLUMN server_seq INTEGER;
