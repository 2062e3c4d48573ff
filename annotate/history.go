package annotate

import (
	"crypto/rand"
	"fmt"
	"time"
)

// NewUUID returns a random (version 4) UUID in its canonical text form.
// Articles, claims, sources, versions, people and changes are known by one
// everywhere: in exports, and to other libraries a change is synced with.
func NewUUID() string {
	var u [16]byte
	if _, err := rand.Read(u[:]); err != nil {
		panic("annotate: no randomness for a UUID: " + err.Error())
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// Person is someone who changes the library: the author of a change.
type Person struct {
	UUID string `json:"uuid"`
	Name string `json:"name"`
}

// The kinds of thing a change is about.
const (
	KindArticle = "article"
	KindVersion = "version"
	KindClaim   = "claim"
	KindSource  = "source"
	KindSetting = "setting"
)

// The operations a change records. A delete keeps every field's last value
// as its old value: it is the tombstone that undo and sync work from.
const (
	OpCreate = "create"
	OpUpdate = "update"
	OpDelete = "delete"
	// OpUndo is an update that puts back the old values of an earlier
	// change: a change of its own, never a rewrite of history.
	OpUndo = "undo"
)

// Change is one recorded change to one thing in the library, written in
// the same transaction as the change itself. Undo and redo are changes of
// their own; history is never rewritten.
type Change struct {
	UUID string `json:"uuid"`
	// HLC is the hybrid-logical-clock time of the change, as text that sorts
	// in causal order (see HLC).
	HLC    HLC       `json:"hlc"`
	Time   time.Time `json:"time"` // the wall time of HLC, for people
	Author Person    `json:"author"`
	Kind   string    `json:"kind"` // KindArticle, KindClaim, ...
	// EntityUUID is the thing's UUID; EntityID its short number in this
	// library (a setting's is 0 and its key is EntityKey).
	EntityUUID string `json:"entity_uuid"`
	EntityID   int64  `json:"entity_id,omitempty"`
	EntityKey  string `json:"entity_key,omitempty"`
	// ArticleUUID and ClaimUUID place the thing: the article of a claim,
	// version or source, the claim of a source.
	ArticleUUID string        `json:"article_uuid,omitempty"`
	ClaimUUID   string        `json:"claim_uuid,omitempty"`
	Op          string        `json:"op"`
	Fields      []FieldChange `json:"fields"`
	// Rev is the thing's revision after the change; for a delete, the
	// revision it was deleted at, which a restore takes back.
	Rev int64 `json:"rev,omitempty"`
	// Seq is the change's place in the log of the library it was read
	// from, when it was read for sync; 0 otherwise.
	Seq int64 `json:"seq,omitempty"`
}

// FieldChange is one field's value before and after a change; a create has
// no old values and a delete no new ones. Values are strings, numbers, or
// lists of strings (tags), as JSON carries them. A set-valued field (tags)
// that an update adds to or takes from says only that, in Added and
// Removed, as sets are merged; Old and New are then unset.
type FieldChange struct {
	Field   string   `json:"field"`
	Old     any      `json:"old,omitempty"`
	New     any      `json:"new,omitempty"`
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// HLC is a hybrid logical clock reading (Kulkarni et al., 2014): wall time in
// milliseconds and a counter that orders changes within one millisecond and
// keeps the clock from going backwards when the wall clock does. Its text
// form, "%015d.%05d", sorts as the clock does.
type HLC string

// NextHLC returns the reading after last for a change made at wall time now:
// now's milliseconds with counter 0 when now is later than last, otherwise
// last's milliseconds with its counter plus one.
func NextHLC(last HLC, now time.Time) HLC {
	ms := now.UnixMilli()
	lms, lc := last.Parts()
	if ms > lms {
		return MakeHLC(ms, 0)
	}
	return MakeHLC(lms, lc+1)
}

// MakeHLC returns the reading of milliseconds ms and counter c.
func MakeHLC(ms int64, c int) HLC { return HLC(fmt.Sprintf("%015d.%05d", ms, c)) }

// Parts returns the reading's milliseconds and counter; an empty or
// malformed reading is (0, 0).
func (h HLC) Parts() (ms int64, c int) {
	if _, err := fmt.Sscanf(string(h), "%d.%d", &ms, &c); err != nil {
		return 0, 0
	}
	return ms, c
}

// Time is the wall time of the reading.
func (h HLC) Time() time.Time {
	ms, _ := h.Parts()
	return time.UnixMilli(ms).UTC()
}

// ConflictError is the error of a write that names a revision the thing
// has moved on from: what names it ("claim 3/7"), the revision read and the
// one stored now. Nothing was written.
func ConflictError(what string, read, now int64) *Error {
	return Errorf(ECONFLICT, "%s was changed by someone else since you read it (revision %d, now %d)", what, read, now)
}
