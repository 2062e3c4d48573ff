package main

import (
	"fmt"
	"strings"
	"time"
)

// cmdPublish marks an article's fact-check as published at the public URL
// where it now lives, now or at --at; ClaimReview then points each review
// there with #claim-N. --undo clears the mark.
func cmdPublish(e *env, args []string) error {
	f := newFlags("publish")
	at := f.String("at", "", "when it was published, RFC 3339 or YYYY-MM-DD (default: now)")
	undo := f.Bool("undo", false, "clear the published mark")
	db, id, rest, err := f.openIDWith(e, args, 1, "article")
	if err != nil {
		return err
	}
	defer db.Close()
	if *undo {
		if len(rest) > 0 || *at != "" {
			return usagef("publish: --undo takes only the article id")
		}
		return db.MarkPublished(e.ctx, id, "", time.Time{})
	}
	if len(rest) == 0 {
		return usagef("publish: give the article id and the public URL of the fact-check")
	}
	when := time.Now().UTC()
	if s := strings.TrimSpace(*at); s != "" {
		if when, err = time.Parse(time.RFC3339, s); err != nil {
			if when, err = time.Parse(time.DateOnly, s); err != nil {
				return usagef("publish: --at %q is not a time like 2025-09-05 or 2025-09-05T14:00:00Z", s)
			}
		}
	}
	if err := db.MarkPublished(e.ctx, id, rest[0], when); err != nil {
		return err
	}
	a, err := db.Article(e.ctx, id)
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, map[string]any{"article": id, "url": a.ReportURL, "published": a.ReportPublished})
	}
	fmt.Fprintf(e.stdout, "Published at %s on %s\n", a.ReportURL, a.ReportPublished.Format(time.RFC3339))
	return nil
}
