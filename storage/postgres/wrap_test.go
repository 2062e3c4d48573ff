package postgres

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// TestLostServerError checks that a connection the server ended in the
// middle of its answer is reported as the server lost, keeping its cause.
func TestLostServerError(t *testing.T) {
	db := &DB{where: "127.0.0.1:5432/team"}
	for _, cause := range []error{io.ErrUnexpectedEOF, fmt.Errorf("apply update 1 of claim 2: %w", io.EOF)} {
		err := db.wrap(cause)
		var ae *annotate.Error
		if !errors.As(err, &ae) || ae.Code != annotate.EINTERNAL || !strings.HasPrefix(ae.Message, "postgres: lost 127.0.0.1:5432/team: ") {
			t.Errorf("wrap(%v) = %#v, want an %s *annotate.Error saying the server was lost", cause, err, annotate.EINTERNAL)
		}
		if !errors.Is(err, cause) {
			t.Errorf("wrap(%v) = %v, which does not keep its cause", cause, err)
		}
	}
}
