package main

import (
	"os"

	"github.com/factdesk/factdesk/annotate/pdftext"
)

// The PDF worker: an import of a PDF starts factdesk again as
// "factdesk pdf-worker", with pdftext.WorkerEnv set, to read the document
// with PDFium in a process of its own that is killed when it passes its
// limits of time and memory. It is served before anything else starts
// (the library, the window), and it is no command for people: help does
// not list it, and without the variable it is an unknown command.
func init() {
	if pdftext.IsWorker() && len(os.Args) == 2 && os.Args[1] == pdftext.WorkerArg {
		os.Exit(pdftext.ServeWorker(os.Stdin, os.Stdout, os.Stderr))
	}
}
