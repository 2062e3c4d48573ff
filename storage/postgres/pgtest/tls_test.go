package pgtest

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestTLSServer checks the files StartOwnTLS writes for the server, and
// that a role of CertGroup logs in by certificate, by the name localhost
// as well as 127.0.0.1, and others with a password, both over TLS only.
func TestTLSServer(t *testing.T) {
	ctx := context.Background()
	s := StartOwnTLS(t)
	owner, err := serverUser()
	if err != nil {
		t.Fatal(err)
	}
	key, err := os.Stat(filepath.Join(s.dir, "tls", "server.key"))
	if err != nil {
		t.Fatal(err)
	}
	if mode := key.Mode().Perm(); mode != 0o600 {
		t.Errorf("server.key has mode %o, want 600", mode)
	}
	if owner != nil {
		if uid := key.Sys().(*syscall.Stat_t).Uid; int(uid) != owner.uid {
			t.Errorf("server.key is owned by uid %d, want the server's %s (%d)", uid, owner.name, owner.uid)
		}
	}

	admin, err := s.connect(ctx, "postgres")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	for _, q := range []string{
		"CREATE ROLE carol LOGIN IN ROLE " + CertGroup,
		"CREATE ROLE dave LOGIN PASSWORD 'dave-pw'",
	} {
		if _, err := admin.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	cert, keyFile := s.ClientCert(t, "carol")
	if info, err := os.Stat(keyFile); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the client key %s: %v, %v; want mode 600", keyFile, info.Mode(), err)
	}
	addr := func(user, host string, settings url.Values) string {
		u := url.URL{Scheme: "postgres", User: url.User(user), Host: strings.Replace(s.Addr(), "127.0.0.1", host, 1), Path: "/postgres", RawQuery: settings.Encode()}
		return u.String()
	}
	withCert := url.Values{"sslmode": {"verify-full"}, "sslrootcert": {s.CAFile()}, "sslcert": {cert}, "sslkey": {keyFile}}
	for _, c := range []struct {
		addr, user, dn string
	}{
		{addr("carol", "127.0.0.1", withCert), "carol", "/CN=carol"},
		{addr("carol", "localhost", withCert), "carol", "/CN=carol"},
		{strings.Replace(addr("dave", "127.0.0.1", url.Values{"sslmode": {"verify-full"}, "sslrootcert": {s.CAFile()}}), "dave@", "dave:dave-pw@", 1), "dave", ""},
	} {
		conn, err := pgx.Connect(ctx, c.addr)
		if err != nil {
			t.Errorf("log in as %s: %v", c.user, err)
			continue
		}
		var user, dn string
		var encrypted bool
		err = conn.QueryRow(ctx, `SELECT current_user, ssl, coalesce(client_dn, '') FROM pg_stat_ssl WHERE pid = pg_backend_pid()`).Scan(&user, &encrypted, &dn)
		conn.Close(ctx)
		if err != nil || user != c.user || !encrypted || dn != c.dn {
			t.Errorf("logged in as %q, encrypted %v, certificate %q (%v); want %s over TLS with %q", user, encrypted, dn, err, c.user, c.dn)
		}
	}
	for what, refused := range map[string]string{
		"carol in the clear":            addr("carol", "127.0.0.1", url.Values{"sslmode": {"disable"}}),
		"carol without her certificate": addr("carol", "127.0.0.1", url.Values{"sslmode": {"verify-full"}, "sslrootcert": {s.CAFile()}}),
		"dave in the clear":             strings.Replace(addr("dave", "127.0.0.1", url.Values{"sslmode": {"disable"}}), "dave@", "dave:dave-pw@", 1),
	} {
		if conn, err := pgx.Connect(ctx, refused); err == nil {
			conn.Close(ctx)
			t.Errorf("%s logged in, want it refused", what)
		}
	}
	// Restarted, the server takes TLS as before.
	s.Stop(t)
	s.Restart(t)
	conn, err := pgx.Connect(ctx, addr("carol", "127.0.0.1", withCert))
	if err != nil {
		t.Fatalf("log in after the restart: %v", err)
	}
	conn.Close(ctx)
}
