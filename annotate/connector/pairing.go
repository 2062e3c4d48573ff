package connector

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// Pairing holds who may call the connector: the browsers paired with this
// desk, each by the SHA-256 of its token, and the one-time codes shown to
// pair another. It lives in a file of the user's config directory, readable
// by the user alone, never in the library, which may be synced to others.
// The window and a headless `factdesk serve` read the same file, so a code
// printed by `factdesk connector pair` is honoured by a running server.
type Pairing struct {
	path string
	mu   sync.Mutex
	now  func() time.Time
}

// Device is a paired browser as the window lists it.
type Device struct {
	Origin  string    `json:"origin"` // the extension's origin, chrome-extension://… or moz-extension://…
	Name    string    `json:"name,omitempty"`
	Created time.Time `json:"created"`
}

// CodeLifetime is how long a pairing code can be used.
const CodeLifetime = 10 * time.Minute

// maxFailures is how many wrong codes void the codes outstanding: a code
// has 40 bits, so guessing needs far more tries than that.
const maxFailures = 5

// pairingFile is the file's content.
type pairingFile struct {
	Tokens   []pairedToken `json:"tokens"`
	Codes    []pendingCode `json:"codes"`
	Failures int           `json:"failures"`
}

type pairedToken struct {
	SHA256 string `json:"sha256"`
	Device
}

type pendingCode struct {
	SHA256  string    `json:"sha256"`
	Expires time.Time `json:"expires"`
}

// DefaultPairingPath is connector.json in FactDesk's folder of the user's
// config directory ($XDG_CONFIG_HOME/factdesk, usually ~/.config/factdesk).
func DefaultPairingPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", annotate.Errorf(annotate.EINTERNAL, "no config directory for the connector's pairing: %v", err)
	}
	return filepath.Join(dir, "factdesk", "connector.json"), nil
}

// OpenPairing returns the pairing kept in the file at path; the file is
// made when a code is first issued.
func OpenPairing(path string) *Pairing {
	return &Pairing{path: path, now: time.Now}
}

// Path is the file the pairing is kept in.
func (p *Pairing) Path() string { return p.path }

// Errors of pairing and of a call's token, for the HTTP layer to map.
var (
	ErrBadCode   = annotate.Errorf(annotate.EINVALID, "the pairing code is wrong or has expired: show a new one in FactDesk")
	ErrTooMany   = annotate.Errorf(annotate.EINVALID, "too many wrong pairing codes: show a new one in FactDesk")
	ErrNotPaired = annotate.Errorf(annotate.EINVALID, "this browser is not paired with FactDesk, or its pairing was revoked: pair it again")
)

// codeAlphabet leaves out letters and digits that read alike (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// NewCode issues a one-time pairing code, valid for CodeLifetime, shown as
// two groups of four ("K7PD-Q2XM"). Issuing a code forgives earlier wrong
// attempts.
func (p *Pairing) NewCode() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	var code strings.Builder
	for i, c := range b {
		if i == 4 {
			code.WriteByte('-')
		}
		code.WriteByte(codeAlphabet[int(c)%len(codeAlphabet)])
	}
	err := p.update(func(f *pairingFile) error {
		f.Failures = 0
		f.Codes = append(f.Codes, pendingCode{SHA256: hashOf(normCode(code.String())), Expires: p.now().Add(CodeLifetime)})
		return nil
	})
	if err != nil {
		return "", err
	}
	return code.String(), nil
}

// Pair exchanges a code for a new token bound to the extension's origin.
// The code is used up whether or not what follows succeeds.
func (p *Pairing) Pair(code, origin, name string) (string, error) {
	var tok [32]byte
	if _, err := rand.Read(tok[:]); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(tok[:])
	want := hashOf(normCode(code))
	err := p.update(func(f *pairingFile) error {
		now := p.now()
		live := f.Codes[:0]
		found := false
		for _, c := range f.Codes {
			if !now.Before(c.Expires) {
				continue
			}
			if subtle.ConstantTimeCompare([]byte(c.SHA256), []byte(want)) == 1 {
				found = true
				continue // used up
			}
			live = append(live, c)
		}
		f.Codes = live
		if !found {
			f.Failures++
			if f.Failures >= maxFailures {
				f.Codes = nil
				return ErrTooMany
			}
			return ErrBadCode
		}
		f.Failures = 0
		f.Tokens = append(f.Tokens, pairedToken{SHA256: hashOf(token), Device: Device{Origin: origin, Name: clipName(name), Created: now.UTC().Truncate(time.Second)}})
		return nil
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// Check reports whether token belongs to a paired browser and, when the
// call says where it comes from, whether that is the origin it was paired
// from.
func (p *Pairing) Check(token, origin string) error {
	if token == "" {
		return ErrNotPaired
	}
	f, err := p.read()
	if err != nil {
		return err
	}
	h := []byte(hashOf(token))
	for _, t := range f.Tokens {
		if subtle.ConstantTimeCompare([]byte(t.SHA256), h) == 1 {
			if origin != "" && t.Origin != "" && origin != t.Origin {
				return ErrNotPaired
			}
			return nil
		}
	}
	return ErrNotPaired
}

// Devices lists the paired browsers.
func (p *Pairing) Devices() ([]Device, error) {
	f, err := p.read()
	if err != nil {
		return nil, err
	}
	out := make([]Device, len(f.Tokens))
	for i, t := range f.Tokens {
		out[i] = t.Device
	}
	return out, nil
}

// RevokeAll unpairs every browser and voids the codes outstanding.
func (p *Pairing) RevokeAll() error {
	return p.update(func(f *pairingFile) error {
		f.Tokens, f.Codes, f.Failures = nil, nil, 0
		return nil
	})
}

// Revoke unpairs the browsers paired from origin.
func (p *Pairing) Revoke(origin string) error {
	return p.update(func(f *pairingFile) error {
		kept := f.Tokens[:0]
		for _, t := range f.Tokens {
			if t.Origin != origin {
				kept = append(kept, t)
			}
		}
		f.Tokens = kept
		return nil
	})
}

func (p *Pairing) read() (*pairingFile, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.load()
}

func (p *Pairing) load() (*pairingFile, error) {
	var f pairingFile
	data, err := os.ReadFile(p.path)
	if errors.Is(err, fs.ErrNotExist) {
		return &f, nil
	}
	if err != nil {
		return nil, annotate.Errorf(annotate.EINTERNAL, "cannot read the connector's pairing file %s: %v", p.path, err)
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "the connector's pairing file %s is damaged (%v): revoke the pairing to start afresh", p.path, err)
	}
	return &f, nil
}

// update reads the file, changes it with fn and writes it back through a
// temporary file, mode 0600, renamed into place. The file is written even
// when fn fails, so that a used code and a failed attempt are remembered.
func (p *Pairing) update(fn func(*pairingFile) error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	f, err := p.load()
	if err != nil && annotate.ErrorCode(err) != annotate.EINVALID {
		return err
	}
	if f == nil {
		f = &pairingFile{} // a damaged file is replaced
	}
	ferr := fn(f)
	if err := p.write(f); err != nil {
		return err
	}
	return ferr
}

func (p *Pairing) write(f *pairingFile) error {
	dir := filepath.Dir(p.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return annotate.Errorf(annotate.EINTERNAL, "cannot make the folder %s for the connector's pairing: %v", dir, err)
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".connector-*.json")
	if err != nil {
		return annotate.Errorf(annotate.EINTERNAL, "cannot write the connector's pairing: %v", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return annotate.Errorf(annotate.EINTERNAL, "cannot write the connector's pairing: %v", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), p.path); err != nil {
		return annotate.Errorf(annotate.EINTERNAL, "cannot write the connector's pairing: %v", err)
	}
	return nil
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// normCode reads a code as typed: any case, with or without the dash or
// spaces.
func normCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

func clipName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60])
	}
	return s
}
