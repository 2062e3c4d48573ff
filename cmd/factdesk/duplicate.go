package main

import (
	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/ingest"
)

// refuseDuplicate answers an import whose bytes (same SHA-256) are already
// in the library with where they are and the two ways on: open that
// article, or store the input as its new version; --again imports it as a
// new article anyway. Nothing is written.
func refuseDuplicate(e *env, db annotate.Store, doc *ingest.Document, input string) error {
	copies, err := db.FindBySHA256(e.ctx, doc.SHA256)
	if err != nil || len(copies) == 0 {
		return err
	}
	c := copies[0]
	which := "its current version"
	if !c.Current {
		which = "version " + itoa(c.Version)
	}
	return annotate.Errorf(annotate.ECONFLICT, "%s is already in the library as article %d, %q (%s): open it with 'factdesk text %d', store it as a new version with 'factdesk update %d %s', or import it again with --again",
		input, c.ArticleID, clip(c.Title, 60), which, c.ArticleID, c.ArticleID, input)
}

func itoa(n int) string {
	const digits = "0123456789"
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{digits[n%10]}, b...)
	}
	return string(b)
}
