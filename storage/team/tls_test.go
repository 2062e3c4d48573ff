package team

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/storage"
	"github.com/factdesk/factdesk/storage/postgres"
	"github.com/factdesk/factdesk/storage/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

// tlsTeam is a team library on a server of the test's own that others
// than its owner reach over TLS only, set up as factdesk team init does;
// the test's credentials are kept in a config directory of its own.
type tlsTeam struct {
	srv   *pgtest.Server
	db    string // the database's name
	owner *postgres.DB
	roles postgres.TeamRoles
}

func newTLSTeam(t *testing.T) *tlsTeam {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	srv := pgtest.StartOwnTLS(t)
	ownerURL := srv.NewDatabase(t)
	owner, err := postgres.Open(context.Background(), ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Close() })
	roles, err := owner.InitTeam(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	return &tlsTeam{srv: srv, db: strings.TrimPrefix(u.Path, "/"), owner: owner, roles: roles}
}

// member makes name a login role among the team's members, who logs in
// with a certificate when password is "".
func (tt *tlsTeam) member(t *testing.T, name, password string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, tt.srv.URL(tt.db))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	groups := tt.roles.Members
	if password == "" {
		groups += ", " + pgtest.CertGroup
	}
	q := "CREATE ROLE " + name + " LOGIN IN ROLE " + groups
	if password != "" {
		q += " PASSWORD '" + password + "'"
	}
	if _, err := conn.Exec(ctx, q); err != nil {
		t.Fatalf("create role %s: %v", name, err)
	}
}

// addr is the address of the team library as user, with password (if
// any) and the settings given as key, value pairs.
func (tt *tlsTeam) addr(user, password string, settings ...string) string {
	u := &url.URL{Scheme: "postgres", User: url.User(user), Host: tt.srv.Addr(), Path: "/" + tt.db}
	if password != "" {
		u.User = url.UserPassword(user, password)
	}
	q := url.Values{}
	for i := 0; i+1 < len(settings); i += 2 {
		q.Set(settings[i], settings[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// session says how the connection at addr is made: its role, whether it
// is encrypted, and the name of its client certificate ("" without one).
func session(t *testing.T, addr string) (role string, encrypted bool, clientDN string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, addr)
	if err != nil {
		t.Fatalf("connect to %s: %v", postgres.Redact(addr), err)
	}
	defer conn.Close(ctx)
	err = conn.QueryRow(ctx, `SELECT current_user, ssl, coalesce(client_dn, '') FROM pg_stat_ssl WHERE pid = pg_backend_pid()`).Scan(&role, &encrypted, &clientDN)
	if err != nil {
		t.Fatal(err)
	}
	return role, encrypted, clientDN
}

// keyLines are the lines of the body of the PEM key file: what a copy of
// the key would hold, whole or in part. Short lines, which a file might
// hold by chance, are left out.
func keyLines(t *testing.T, keyFile string) []string {
	t.Helper()
	data, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	var body []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if !strings.HasPrefix(line, "-----") && !strings.Contains(line, ":") && len(line) >= 16 {
			body = append(body, line)
		}
	}
	if len(body) == 0 {
		t.Fatalf("%s holds no PEM body", keyFile)
	}
	return body
}

// assertNotIn fails when any of secrets is in the file path or in the
// files beside it whose names begin with its name (a library's -wal).
func assertNotIn(t *testing.T, path string, secrets ...string) {
	t.Helper()
	files, err := filepath.Glob(path + "*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no file %s (%v)", path, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s holds a secret of %d characters that must not be kept there", f, len(s))
			}
		}
	}
}

// assertHidden fails when the message of err holds one of the secrets,
// and says whether it holds none.
func assertHidden(t *testing.T, err error, secrets ...string) bool {
	t.Helper()
	hidden := true
	for _, s := range secrets {
		if strings.Contains(err.Error(), s) {
			t.Errorf("an error message holds a password or key of %d characters", len(s))
			hidden = false
		}
	}
	return hidden
}

// credentialsFile is the test's team.json, which must be the user's
// alone.
func credentialsFile(t *testing.T) string {
	t.Helper()
	path, err := credentialsPath()
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("%s has mode %o, want 600", path, mode)
	}
	return path
}

// TestTLSCertLogin has Carol, whose role has no password, join the team
// library with her client certificate over verify-full TLS, and Dave join
// with a password over TLS: they sync both ways, Carol's desk reconnects
// from what it kept, from another directory, and neither the library nor
// the credentials file holds her key or his password.
func TestTLSCertLogin(t *testing.T) {
	ctx := context.Background()
	tt := newTLSTeam(t)
	tt.member(t, "carol", "")
	const davePassword = "d4ve-Secret-pw"
	tt.member(t, "dave", davePassword)
	certFile, keyFile := tt.srv.ClientCert(t, "carol")
	key := keyLines(t, keyFile)

	// Carol joins from the directory of her certificate, naming it as
	// she would on the command line.
	t.Chdir(filepath.Dir(keyFile))
	carolAddr := tt.addr("carol", "", "sslmode", "verify-full", "sslrootcert", tt.srv.CAFile(),
		"sslcert", filepath.Base(certFile), "sslkey", filepath.Base(keyFile))
	if role, encrypted, dn := session(t, carolAddr); role != "carol" || !encrypted || dn != "/CN=carol" {
		t.Fatalf("Carol's address logs in as %q, encrypted %v, certificate %q; want carol over TLS with /CN=carol", role, encrypted, dn)
	}
	carolPath := filepath.Join(t.TempDir(), "carol.db")
	carol, err := storage.Open(ctx, carolPath)
	if err != nil {
		t.Fatal(err)
	}
	defer carol.Close()
	_, c := addArticle(t, carol)
	res, err := Join(ctx, carol, carolAddr, "Carol")
	if err != nil {
		t.Fatalf("Carol joins with her certificate: %v", err)
	}
	if res.Pushed == 0 {
		t.Errorf("Carol's join pushed nothing, want her article and claim")
	}

	stored, err := carol.Setting(ctx, storage.TeamURLKey)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(stored)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for setting, want := range map[string]string{"sslmode": "verify-full", "sslrootcert": tt.srv.CAFile(), "sslcert": certFile, "sslkey": keyFile} {
		if got := q.Get(setting); got != want {
			t.Errorf("the stored address's %s = %q, want %q", setting, got, want)
		}
	}
	if st, err := Status(ctx, carol); err != nil || st.Server != stored {
		t.Errorf("status = %+v (%v), want the stored address %q", st, err, stored)
	}

	// Dave joins with his password over TLS, without checking the
	// server's certificate, as sslmode=require does.
	daveAddr := tt.addr("dave", davePassword, "sslmode", "require")
	if role, encrypted, dn := session(t, daveAddr); role != "dave" || !encrypted || dn != "" {
		t.Fatalf("Dave's address logs in as %q, encrypted %v, certificate %q; want dave over TLS without one", role, encrypted, dn)
	}
	davePath := filepath.Join(t.TempDir(), "dave.db")
	dave, err := storage.Open(ctx, davePath)
	if err != nil {
		t.Fatal(err)
	}
	defer dave.Close()
	res, err = Join(ctx, dave, daveAddr, "Dave")
	if err != nil {
		t.Fatalf("Dave joins with his password: %v", err)
	}
	if res.Pulled == 0 {
		t.Errorf("Dave's join pulled nothing, want Carol's article")
	}
	d := claimByUUID(t, dave, c.UUID)
	d.Notes = "Checked against the council's minutes."
	if err := dave.UpdateClaim(ctx, d); err != nil {
		t.Fatal(err)
	}
	daveServer, err := Open(ctx, dave)
	if err != nil {
		t.Fatalf("Dave's desk reconnects: %v", err)
	}
	defer daveServer.Close()
	if res := mustSync(t, dave, daveServer); res.Pushed != 1 {
		t.Errorf("Dave's sync pushed %d changes, want his note", res.Pushed)
	}

	// Carol's desk reconnects from what it kept, elsewhere.
	t.Chdir(t.TempDir())
	carolServer, err := Open(ctx, carol)
	if err != nil {
		t.Fatalf("Carol's desk reconnects from its stored address: %v", err)
	}
	defer carolServer.Close()
	if res := mustSync(t, carol, carolServer); res.Pulled != 1 {
		t.Errorf("Carol's sync pulled %d changes, want Dave's note", res.Pulled)
	}
	if got := claimByUUID(t, carol, c.UUID).Notes; got != d.Notes {
		t.Errorf("Carol's claim notes = %q, want Dave's %q", got, d.Notes)
	}
	me, err := carolServer.Author(ctx)
	if err != nil || me.Name != "Carol" {
		t.Errorf("Carol's desk reconnected as %+v (%v), want Carol", me, err)
	}
	assertSame(t, map[string]annotate.Store{"carol": carol, "dave": dave, "server": tt.owner})

	// Dave's password is in the credentials file; it and Carol's key are
	// in neither library, and her key is not in the credentials file.
	creds := credentialsFile(t)
	data, err := os.ReadFile(creds)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(davePassword)) {
		t.Errorf("%s does not hold Dave's password", creds)
	}
	stored, err = dave.Setting(ctx, storage.TeamURLKey)
	if err != nil || strings.Contains(stored, davePassword) || stored == "" {
		t.Errorf("Dave's stored address = %q (%v), want it without the password", stored, err)
	}
	for _, db := range []*storage.DB{carol, dave} {
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{carolPath, davePath} {
		assertNotIn(t, path, append(key, davePassword)...)
	}
	assertNotIn(t, creds, key...)
}

// TestTLSKeyPassphrase has Carol join with a key kept under a pass phrase:
// the pass phrase goes to the credentials file, not into the library, and
// the desk reconnects with it.
func TestTLSKeyPassphrase(t *testing.T) {
	ctx := context.Background()
	tt := newTLSTeam(t)
	tt.member(t, "carol", "")
	certFile, keyFile := tt.srv.ClientCert(t, "carol")
	const phrase = "c4rol-Key-phrase"
	locked := encryptKey(t, keyFile, phrase)
	addr := tt.addr("carol", "", "sslmode", "verify-full", "sslrootcert", tt.srv.CAFile(),
		"sslcert", certFile, "sslkey", locked, "sslpassword", phrase)
	if redacted := postgres.Redact(addr); strings.Contains(redacted, phrase) {
		t.Errorf("the address as printed holds the pass phrase: %s", redacted)
	}
	path := filepath.Join(t.TempDir(), "carol.db")
	carol, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer carol.Close()
	addArticle(t, carol)
	if _, err := Join(ctx, carol, addr, ""); err != nil {
		t.Fatalf("Carol joins with her locked key: %v", err)
	}
	st, err := Status(ctx, carol)
	if err != nil || strings.Contains(st.Server, phrase) || !strings.Contains(st.Server, "sslkey=") {
		t.Errorf("status server = %q (%v), want the address with its key's path and without its pass phrase", st.Server, err)
	}
	server, err := Open(ctx, carol)
	if err != nil {
		t.Fatalf("Carol's desk reconnects with the saved pass phrase: %v", err)
	}
	mustSync(t, carol, server)
	server.Close()
	creds := credentialsFile(t)
	if data, err := os.ReadFile(creds); err != nil || !bytes.Contains(data, []byte(phrase)) {
		t.Errorf("%s does not hold the pass phrase (%v)", creds, err)
	}
	carol.Close()
	assertNotIn(t, path, append(keyLines(t, keyFile), phrase)...)
	assertNotIn(t, creds, keyLines(t, keyFile)...)
}

// encryptKey writes the key of keyFile under phrase, in the PEM
// encryption that the PostgreSQL driver reads, and returns its file.
func encryptKey(t *testing.T, keyFile, phrase string) string {
	t.Helper()
	data, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s holds no PEM block", keyFile)
	}
	//lint:ignore SA1019 the driver decrypts only this legacy PEM encryption, so a pass phrase can be tested with no other.
	locked, err := x509.EncryptPEMBlock(rand.Reader, block.Type, block.Bytes, []byte(phrase), x509.PEMCipherAES256)
	if err != nil {
		t.Fatal(err)
	}
	file := strings.TrimSuffix(keyFile, ".key") + "-locked.key"
	if err := os.WriteFile(file, pem.EncodeToMemory(locked), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestTLSRefusals checks that a login the server's TLS settings refuse,
// or that would trust a server it must not, fails at once with an error
// that says why and holds no password, and leaves the desk unjoined.
func TestTLSRefusals(t *testing.T) {
	tt := newTLSTeam(t)
	tt.member(t, "carol", "")
	const davePassword = "d4ve-Secret-pw"
	tt.member(t, "dave", davePassword)
	certFile, keyFile := tt.srv.ClientCert(t, "carol")
	key := keyLines(t, keyFile)
	foreign := pgtest.ForeignCA(t)
	// What Carol signs in with, a certificate the server trusts, and what
	// Dave does, a password.
	carolCert := []string{"sslcert", certFile, "sslkey", keyFile}
	for _, c := range []struct {
		name string
		addr string
		want []string // in the message, in this order
	}{
		{
			"server certificate signed by another authority",
			tt.addr("carol", "", append([]string{"sslmode", "verify-full", "sslrootcert", foreign}, carolCert...)...),
			[]string{"certificate of " + tt.srv.Addr(), "not trusted", "unknown authority"},
		},
		{
			"carol without TLS",
			tt.addr("carol", "", append([]string{"sslmode", "disable"}, carolCert...)...),
			[]string{tt.srv.Addr(), "refused the login of carol", "no encryption"},
		},
		{
			"carol without her certificate",
			tt.addr("carol", "", "sslmode", "verify-full", "sslrootcert", tt.srv.CAFile()),
			[]string{tt.srv.Addr(), "refused the login of carol", "certificate"},
		},
		{
			"dave without TLS",
			tt.addr("dave", davePassword, "sslmode", "disable"),
			[]string{tt.srv.Addr(), "refused the login of dave", "no encryption"},
		},
		{
			"dave with a wrong password",
			tt.addr("dave", davePassword+"-wrong", "sslmode", "require"),
			[]string{tt.srv.Addr(), "refused the login of dave", "password"},
		},
		{
			// require with a root certificate checks the server's as
			// verify-ca does, without its name.
			"dave with a server certificate signed by another authority",
			tt.addr("dave", davePassword, "sslmode", "require", "sslrootcert", foreign),
			[]string{"certificate of " + tt.srv.Addr(), "not trusted", "unknown authority"},
		},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			// A refusal comes at once; the deadline only keeps a hang
			// from lasting.
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			desk := newDesk(t, "desk")
			_, err := Join(ctx, desk, c.addr, "")
			if err == nil {
				t.Fatal("Join succeeded, want it refused")
			}
			if errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Join hung until its deadline: %v", err)
			}
			if !assertHidden(t, err, append(key, davePassword)...) {
				return
			}
			msg := err.Error()
			t.Logf("refused: %s", msg)
			at := 0
			for _, w := range c.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error = %q, want %q in it after %q", msg, w, msg[:at])
				}
				at += i + len(w)
			}
			if code := annotate.ErrorCode(err); code != annotate.EINVALID {
				t.Errorf("error code = %s, want %s: the address or the credentials are wrong, not the server", code, annotate.EINVALID)
			}
			if stored, err := desk.Setting(context.Background(), storage.TeamURLKey); err != nil || stored != "" {
				t.Errorf("the desk refused keeps the address %q (%v), want none", stored, err)
			}
		})
	}
}

// TestCertAddressSplit checks what of an address is kept in the library:
// certificate files by absolute path, and no password or pass phrase.
func TestCertAddressSplit(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, c := range []struct {
		in, clean string
		want      secrets
	}{
		{"postgres://ana:pw1@db.example.org/desk?sslmode=require", "postgres://ana@db.example.org/desk?sslmode=require", secrets{password: "pw1"}},
		{"postgres://ana@db.example.org/desk?password=pw2&sslmode=require", "postgres://ana@db.example.org/desk?sslmode=require", secrets{password: "pw2"}},
		{
			"postgres://ana@db.example.org/desk?sslcert=ana.crt&sslkey=keys/ana.key&sslpassword=phrase&sslrootcert=system&sslmode=verify-full",
			"postgres://ana@db.example.org/desk?" + url.Values{"sslcert": {filepath.Join(dir, "ana.crt")}, "sslkey": {filepath.Join(dir, "keys", "ana.key")}, "sslrootcert": {"system"}, "sslmode": {"verify-full"}}.Encode(),
			secrets{keyPassword: "phrase"},
		},
		{"postgres://ana@db.example.org/desk?sslrootcert=/etc/ca.crt", "postgres://ana@db.example.org/desk?sslrootcert=/etc/ca.crt", secrets{}},
	} {
		clean, got, err := splitSecrets(c.in)
		if err != nil || clean != c.clean || got != c.want {
			t.Errorf("splitSecrets(%s) = %q, %+v, %v; want %q, %+v", postgres.Redact(c.in), clean, got, err, c.clean, c.want)
		}
	}
}
