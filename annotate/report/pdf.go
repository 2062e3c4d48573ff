package report

import "io"

func PDF(w io.Writer, in Input) error { return nil }
