package pdftext

import (
	"os"
	"testing"
)

// TestMain lets the test binary serve as the PDF worker, as the factdesk
// binary does with its pdf-worker sub-command.
func TestMain(m *testing.M) {
	if IsWorker() {
		os.Exit(ServeWorker(os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
