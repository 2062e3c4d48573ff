#!/usr/bin/env bash
# team-demo.sh starts a throwaway PostgreSQL 15 on 127.0.0.1 with a team
# library and two members, alice and bob, gives each a desk library of
# their own joined to it, and opens both windows side by side: a claim
# marked in one shows in the other within seconds. Everything lives in a
# temporary folder that is removed when the windows close.
#
# Environment: FACTDESK_BIN (a built factdesk; default: build it),
# PGBIN (default /usr/lib/postgresql/15/bin), KEEP=1 to keep the folder,
# NO_WINDOWS=1 to set up the team and the desks only.
set -euo pipefail
cd "$(dirname "$0")/.."

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/initdb" ]; then
	echo "team-demo: no PostgreSQL in $PGBIN (Debian: apt-get install postgresql-15)" >&2
	exit 1
fi
tmp=$(mktemp -d /tmp/factdesk-team-demo.XXXXXX)
chmod 0755 "$tmp"
pgdata=$tmp/pg
as_pg=()
if [ "$(id -u)" = 0 ]; then
	# initdb and pg_ctl refuse to run as root.
	mkdir -p "$pgdata"
	chown postgres "$pgdata"
	as_pg=(runuser -u postgres --)
fi
cleanup() {
	"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$pgdata" stop -m fast >/dev/null 2>&1 || true
	if [ -z "${KEEP:-}" ]; then rm -rf "$tmp"; else echo "kept $tmp"; fi
}
trap cleanup EXIT

fd=${FACTDESK_BIN:-}
if [ -z "$fd" ]; then
	go build -o "$tmp/factdesk" ./cmd/factdesk
	fd=$tmp/factdesk
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 54329)
"${as_pg[@]}" "$PGBIN/initdb" -D "$pgdata" -U postgres -A trust >/dev/null
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$pgdata" -l "$pgdata/log" -w \
	-o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$pgdata" start >/dev/null
psql() { "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "CREATE DATABASE newsroom"
team=postgres://127.0.0.1:$port/newsroom
export XDG_CONFIG_HOME=$tmp/config
# The owner sets the team library up; each member logs in as a role of
# their own in its members' group.
"$fd" team init "postgres://postgres@127.0.0.1:$port/newsroom"
psql -d postgres -c "CREATE ROLE alice LOGIN IN ROLE factdesk_newsroom_members" \
	-c "CREATE ROLE bob LOGIN IN ROLE factdesk_newsroom_members"
echo "team library: $team (members alice and bob)"

# Alice's desk has the sample article, which joining uploads.
"$fd" --db "$tmp/alice.factdesk" sample >/dev/null
"$fd" --db "$tmp/alice.factdesk" team join "postgres://alice@127.0.0.1:$port/newsroom" --as Alice
"$fd" --db "$tmp/bob.factdesk" team join "postgres://bob@127.0.0.1:$port/newsroom" --as Bob
if [ -n "${NO_WINDOWS:-}" ]; then exit 0; fi

# Two windows, each on its own desk library, each with its own settings.
for who in alice bob; do
	XDG_CONFIG_HOME=$tmp/config-$who FACTDESK_CONNECTOR=off "$fd" --db "$tmp/$who.factdesk" &
done
wait
