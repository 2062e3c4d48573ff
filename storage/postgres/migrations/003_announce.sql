-- 003: the server announces new changes, so that desks pull them at once
-- rather than at their next tick. One notice per statement: a batch of
-- 500 pushed changes wakes each desk once.
CREATE FUNCTION factdesk_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('factdesk_changes', '');
	RETURN NULL;
END
$$;

CREATE TRIGGER changes_announce AFTER INSERT ON changes
	FOR EACH STATEMENT EXECUTE FUNCTION factdesk_announce();
