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
)

// Error is a failure with a code and a message meant for the user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
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
