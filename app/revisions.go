package app

import (
	"fmt"
	"sync"

	"github.com/factdesk/factdesk/annotate"
)

// revisions remembers the last revision of each claim, source and article
// that the window read or wrote. Undo and redo name it: a step's own
// revision may be stale because later steps moved the row on and were undone,
// while a change made by another program since is still refused.
// Saves run off the UI goroutine (writer), so the map is guarded.
type revisions struct {
	mu  sync.Mutex
	rev map[string]int64
}

func revKey(kind string, id int64) string { return fmt.Sprintf("%s:%d", kind, id) }

func (r *revisions) set(kind string, id, rev int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rev == nil {
		r.rev = map[string]int64{}
	}
	r.rev[revKey(kind, id)] = rev
}

func (r *revisions) get(kind string, id int64) (int64, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rev, ok := r.rev[revKey(kind, id)]
	return rev, ok
}

// seeClaims records the revisions of claims as loaded.
func (r *revisions) seeClaims(cs []*annotate.Claim) {
	for _, c := range cs {
		if c.Rev != 0 {
			r.set(annotate.KindClaim, c.ID, c.Rev)
		}
	}
}

// revised is a command that writes one row under a revision check.
type revised interface {
	revTarget() (kind string, id int64)
	useRev(rev int64) // name this revision in the next write
	lastRev() int64   // the revision the last write left
}

// before sets the revision a command is to name, when the window knows one.
func (r *revisions) before(cmd command) {
	if rc, ok := cmd.(revised); ok {
		if rev, ok := r.get(rc.revTarget()); ok {
			rc.useRev(rev)
		}
	}
}

// after records the revision a command's write left.
func (r *revisions) after(cmd command) {
	if rc, ok := cmd.(revised); ok && rc.lastRev() != 0 {
		kind, id := rc.revTarget()
		r.set(kind, id, rc.lastRev())
	}
}

func (c *editClaim) revTarget() (string, int64) { return annotate.KindClaim, c.before.ID }
func (c *editClaim) useRev(rev int64)           { c.rev = rev }
func (c *editClaim) lastRev() int64             { return c.rev }

func (c *editSource) revTarget() (string, int64) { return annotate.KindSource, c.before.ID }
func (c *editSource) useRev(rev int64)           { c.rev = rev }
func (c *editSource) lastRev() int64             { return c.rev }

func (c *editArticle) revTarget() (string, int64) { return annotate.KindArticle, c.before.ID }
func (c *editArticle) useRev(rev int64)           { c.rev = rev }
func (c *editArticle) lastRev() int64             { return c.rev }
