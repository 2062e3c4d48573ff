package annotate

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestErrorCauseAndCode checks that an *Error keeps its cause for
// errors.Is and errors.As and matches the sentinel of its code only.
func TestErrorCauseAndCode(t *testing.T) {
	cause := errors.New("database is locked")
	err := fmt.Errorf("save claim 3: %w", Wrapf(cause, EBUSY, "the library is busy"))
	if !errors.Is(err, ErrBusy) || errors.Is(err, ErrConflict) {
		t.Errorf("errors.Is(busy, ErrBusy/ErrConflict) = %v/%v, want true/false", errors.Is(err, ErrBusy), errors.Is(err, ErrConflict))
	}
	if !errors.Is(err, cause) {
		t.Errorf("errors.Is(err, cause) = false, want the cause kept")
	}
	if got := ErrorCode(err); got != EBUSY {
		t.Errorf("ErrorCode = %q, want %q", got, EBUSY)
	}
	conflict := ConflictError("claim 3/7", 4, 5)
	if !errors.Is(conflict, ErrConflict) {
		t.Errorf("ConflictError is not ErrConflict")
	}
	if got, want := conflict.Error(), "claim 3/7 was changed by someone else since you read it (revision 4, now 5)"; got != want {
		t.Errorf("ConflictError = %q, want %q", got, want)
	}
	if errors.Is(Errorf(ECONFLICT, "x"), Errorf(ECONFLICT, "y")) {
		t.Errorf("two conflict errors with messages match each other; only the sentinel should match")
	}
}

// TestHLC checks that the clock follows wall time, never goes back, and
// sorts as text as it does in time.
func TestHLC(t *testing.T) {
	t0 := time.UnixMilli(1_700_000_000_000)
	a := NextHLC("", t0)
	b := NextHLC(a, t0)                       // same millisecond: the counter
	c := NextHLC(b, t0.Add(-time.Second))     // the wall clock went back
	d := NextHLC(c, t0.Add(time.Millisecond)) // and forward again
	if !(a < b && b < c && c < d) {
		t.Errorf("readings %s %s %s %s do not increase", a, b, c, d)
	}
	if ms, n := c.Parts(); ms != t0.UnixMilli() || n != 2 {
		t.Errorf("after the clock went back: %d.%d, want %d.2", ms, n, t0.UnixMilli())
	}
	if !d.Time().Equal(t0.Add(time.Millisecond)) {
		t.Errorf("Time() = %v, want %v", d.Time(), t0.Add(time.Millisecond))
	}
	if u := NewUUID(); len(u) != 36 || u[14] != '4' || u == NewUUID() {
		t.Errorf("NewUUID() = %q, want a fresh version 4 UUID", u)
	}
}
