-- 004: a change is written by the person it names. A member's desk, which
-- connects as the member's own role, cannot record a change as someone
-- else's: the insert is refused. A change the server already has is let
-- through to the insert, which skips it, whoever sends it again; so are
-- superusers, who could lift any rule anyway.
CREATE FUNCTION factdesk_check_author() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	author_role text;
	author_name text;
BEGIN
	IF EXISTS (SELECT 1 FROM changes WHERE uuid = NEW.uuid) THEN
		RETURN NEW;
	END IF;
	IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
		RETURN NEW;
	END IF;
	SELECT role, name INTO author_role, author_name FROM people WHERE uuid = NEW.author_uuid;
	IF author_role IS DISTINCT FROM current_user THEN
		RAISE EXCEPTION 'change % is recorded as by %, but this connection is the role %',
			NEW.uuid, coalesce(author_name, NEW.author_uuid::text), current_user
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER changes_author BEFORE INSERT ON changes
	FOR EACH ROW EXECUTE FUNCTION factdesk_check_author();
