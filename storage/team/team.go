// Package team syncs a desk's SQLite library with a team library on
// PostgreSQL: the desk pushes the changes it made, the server orders them
// in its log, and the desk pulls what the others made, each side applying
// changes by the rules of package annotate/merge. The local library stays
// the working copy: a desk works offline and syncs when it can.
package team

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/storage"
	"github.com/factdesk/factdesk/storage/postgres"
)

// Batch is how many changes one push or pull transaction carries.
const Batch = 500

// Result says how many changes a sync sent and received that the other side
// did not have.
type Result struct {
	Pushed int `json:"pushed"`
	Pulled int `json:"pulled"`
}

// Join links the local library to the team library at url, as the person
// of the role it connects as (renamed as, when given), and syncs once: the
// desk's person becomes that team member, so the changes made here before
// joining upload under them. The address is kept in the library without
// its password and its client key's pass phrase (sslpassword), which go to
// the credentials file, and with the paths of its certificate files made
// absolute, so that a sync from another directory finds them.
func Join(ctx context.Context, local *storage.DB, rawURL, as string) (Result, error) {
	clean, secret, err := splitSecrets(rawURL)
	if err != nil {
		return Result{}, err
	}
	server, err := postgres.Open(ctx, rawURL)
	if err != nil {
		return Result{}, err
	}
	defer server.Close()
	if as != "" {
		if err := server.SetAuthorName(ctx, as); err != nil {
			return Result{}, err
		}
	}
	me, err := server.Author(ctx)
	if err != nil {
		return Result{}, err
	}
	if err := local.JoinAs(ctx, me); err != nil {
		return Result{}, err
	}
	if secret != (secrets{}) {
		if err := saveSecrets(clean, secret); err != nil {
			return Result{}, err
		}
	}
	if err := local.SetDeskSettings(ctx, map[string]string{storage.TeamURLKey: clean}); err != nil {
		return Result{}, err
	}
	return Sync(ctx, local, server)
}

// Open connects to the team library the local one is joined to, with the
// password and pass phrase from the credentials file.
func Open(ctx context.Context, local *storage.DB) (*postgres.DB, error) {
	clean, err := local.Setting(ctx, storage.TeamURLKey)
	if err != nil {
		return nil, err
	}
	if clean == "" {
		return nil, annotate.Errorf(annotate.EINVALID, "this library is not joined to a team library (factdesk team join postgres://...)")
	}
	full, err := withPassword(clean)
	if err != nil {
		return nil, err
	}
	return postgres.Open(ctx, full)
}

// Sync pushes the local changes the server does not have, then pulls the
// server's changes after the desk's cursor and applies them. Each pushed
// batch is one server transaction, and each pulled batch one local
// transaction together with the cursor, so a sync stopped at any point
// loses and duplicates nothing. The error, or none, is kept for Status.
func Sync(ctx context.Context, local *storage.DB, server *postgres.DB) (Result, error) {
	res, err := sync(ctx, local, server)
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	if serr := local.SetDeskSettings(ctx, map[string]string{storage.TeamErrorKey: msg}); serr != nil && err == nil {
		err = serr
	}
	return res, err
}

func sync(ctx context.Context, local *storage.DB, server *postgres.DB) (Result, error) {
	var res Result
	pushed, err := seqSetting(ctx, local, storage.TeamPushedKey)
	if err != nil {
		return res, err
	}
	for {
		batch, err := local.ChangesSince(ctx, pushed, Batch)
		if err != nil {
			return res, fmt.Errorf("read local changes to push: %w", err)
		}
		if len(batch) == 0 {
			break
		}
		n, err := server.ApplyChanges(ctx, batch)
		if err != nil {
			return res, fmt.Errorf("push %d changes: %w", len(batch), err)
		}
		res.Pushed += n
		pushed = batch[len(batch)-1].Seq
		// A push acknowledged but not marked here is sent again next
		// time, and the server skips it.
		if err := local.SetDeskSettings(ctx, map[string]string{storage.TeamPushedKey: strconv.FormatInt(pushed, 10)}); err != nil {
			return res, err
		}
	}
	cursor, err := seqSetting(ctx, local, storage.TeamCursorKey)
	if err != nil {
		return res, err
	}
	for {
		batch, err := server.ChangesSince(ctx, cursor, Batch)
		if err != nil {
			return res, fmt.Errorf("pull changes after %d: %w", cursor, err)
		}
		if len(batch) == 0 {
			break
		}
		n, err := local.ApplyPulled(ctx, batch)
		if err != nil {
			return res, fmt.Errorf("apply %d pulled changes: %w", len(batch), err)
		}
		res.Pulled += n
		cursor = batch[len(batch)-1].Seq
	}
	return res, nil
}

// State is where a desk's sync stands.
type State struct {
	Server  string `json:"server"`  // the team library's address, without its password; "" when not joined
	Cursor  int64  `json:"cursor"`  // the last server seq applied here
	Waiting int    `json:"waiting"` // local changes not yet pushed
	Error   string `json:"error,omitempty"`
}

// Status reads where the desk's sync stands from the local library alone,
// so that it answers offline too.
func Status(ctx context.Context, local *storage.DB) (State, error) {
	var st State
	var err error
	if st.Server, err = local.Setting(ctx, storage.TeamURLKey); err != nil {
		return st, err
	}
	if st.Cursor, err = seqSetting(ctx, local, storage.TeamCursorKey); err != nil {
		return st, err
	}
	pushed, err := seqSetting(ctx, local, storage.TeamPushedKey)
	if err != nil {
		return st, err
	}
	if st.Waiting, err = local.ChangesAfter(ctx, pushed); err != nil {
		return st, err
	}
	st.Error, err = local.Setting(ctx, storage.TeamErrorKey)
	return st, err
}

func seqSetting(ctx context.Context, local *storage.DB, key string) (int64, error) {
	v, err := local.Setting(ctx, key)
	if err != nil || v == "" {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, annotate.Errorf(annotate.EINVALID, "setting %s is %q, not a sequence number", key, v)
	}
	return n, nil
}

// secrets are what an address may hold that must not be kept with it.
type secrets struct {
	password    string
	keyPassword string // sslpassword: the pass phrase of the client key
}

// certFiles are the settings of an address that name files: a relative
// path would name another file, or none, from another directory.
var certFiles = []string{"sslcert", "sslkey", "sslrootcert"}

// splitSecrets returns the address without its secrets, with the paths of
// its certificate files made absolute, and the secrets.
func splitSecrets(raw string) (clean string, s secrets, err error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return "", s, annotate.Errorf(annotate.EINVALID, "team library address must look like postgres://user@host/database")
	}
	if u.User != nil {
		s.password, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	changed := false
	if p := q.Get("password"); p != "" {
		s.password = p
	}
	s.keyPassword = q.Get("sslpassword")
	for _, key := range []string{"password", "sslpassword"} {
		if q.Has(key) {
			q.Del(key)
			changed = true
		}
	}
	for _, key := range certFiles {
		// "system" is sslrootcert's name for the system's authorities.
		if p := q.Get(key); p != "" && p != "system" && !filepath.IsAbs(p) {
			abs, err := filepath.Abs(p)
			if err != nil {
				return "", s, fmt.Errorf("team library address: %s: %w", key, err)
			}
			q.Set(key, abs)
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String(), s, nil
}

// credentialsPath is the file that keeps team passwords and client key
// pass phrases by address, in the user's config directory: never in the
// library, which syncs.
func credentialsPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the config directory for team credentials: %w", err)
	}
	return filepath.Join(dir, "factdesk", "team.json"), nil
}

type credentials struct {
	Passwords    map[string]string `json:"passwords"`               // by address without secrets
	KeyPasswords map[string]string `json:"key_passwords,omitempty"` // client key pass phrases, by address
}

func readCredentials() (credentials, string, error) {
	c := credentials{Passwords: map[string]string{}, KeyPasswords: map[string]string{}}
	path, err := credentialsPath()
	if err != nil {
		return c, "", err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return c, path, nil
	}
	if err != nil {
		return c, path, fmt.Errorf("read team credentials %s: %w", path, err)
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, path, fmt.Errorf("team credentials %s are not valid JSON", path)
	}
	if c.Passwords == nil {
		c.Passwords = map[string]string{}
	}
	if c.KeyPasswords == nil {
		c.KeyPasswords = map[string]string{}
	}
	return c, path, nil
}

// saveSecrets keeps the secrets of the address clean that it has.
func saveSecrets(clean string, s secrets) error {
	c, path, err := readCredentials()
	if err != nil {
		return err
	}
	if s.password != "" {
		c.Passwords[clean] = s.password
	}
	if s.keyPassword != "" {
		c.KeyPasswords[clean] = s.keyPassword
	}
	data, err := json.MarshalIndent(c, "", "\t")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save team credentials: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("save team credentials: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("save team credentials: %w", err)
	}
	return nil
}

// withPassword is the address with its saved password and pass phrase,
// those that are saved.
func withPassword(clean string) (string, error) {
	c, _, err := readCredentials()
	if err != nil {
		return "", err
	}
	pw, hasPassword := c.Passwords[clean]
	keyPW, hasKeyPassword := c.KeyPasswords[clean]
	if !hasPassword && !hasKeyPassword {
		return clean, nil
	}
	u, err := url.Parse(clean)
	if err != nil {
		return "", annotate.Errorf(annotate.EINVALID, "the saved team address is not valid")
	}
	if hasPassword {
		name := ""
		if u.User != nil {
			name = u.User.Username()
		}
		u.User = url.UserPassword(name, pw)
	}
	if hasKeyPassword {
		q := u.Query()
		q.Set("sslpassword", keyPW)
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}
