// Package annotate is the domain of FactDesk: articles, the claims marked in
// them, their sources, tags, statuses and verdicts, and the rules that keep
// them valid. It imports only the standard library.
package annotate

import (
	"errors"
	"fmt"
)

// Error codes name the kind of failure so that the command line and the GUI
// can map each to an exit code or a message in one place.
const (
	EINVALID  = "invalid"   // the input breaks a rule
	ENOTFOUND = "not_found" // the thing asked for does not exist
	ECONFLICT = "conflict"  // the change clashes with what is stored
	ETOOLARGE = "too_large" // the input is over a limit
	EINTERNAL = "internal"  // something failed that the user cannot fix
	EBUSY     = "busy"      // another program holds the library; try again
	ENOSPACE  = "no_space"  // the disk is full
)

// Sentinels for errors.Is: an error is one of them when its code is theirs,
// whatever its message (errors.Is(err, annotate.ErrConflict)).
var (
	ErrInvalid  = &Error{Code: EINVALID}
	ErrNotFound = &Error{Code: ENOTFOUND}
	ErrConflict = &Error{Code: ECONFLICT}
	ErrBusy     = &Error{Code: EBUSY}
	ErrNoSpace  = &Error{Code: ENOSPACE}
)

// Error is a failure with a code and a message meant for the user, and the
// lower-level error that caused it, if any.
type Error struct {
	Code    string
	Message string
	// Err is the cause: a driver or system error kept for errors.Is and
	// errors.As, never shown to the user in place of Message.
	Err error
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is a code sentinel (an *Error with no message)
// of e's code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Err == nil && t.Code == e.Code
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrapf is Errorf keeping cause as the error's cause.
func Wrapf(cause error, code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: cause}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL
// for any other error, or "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or
// err.Error() for any other error.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
