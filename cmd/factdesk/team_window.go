package main

import (
	"context"
	"sync"

	"github.com/factdesk/factdesk/app"
	"github.com/factdesk/factdesk/storage"
	"github.com/factdesk/factdesk/storage/postgres"
	"github.com/factdesk/factdesk/storage/team"
)

var _ app.Team = (*teamLink)(nil)

// teamLink is the window's link to the team library a desk has joined:
// the same sync as `factdesk sync`, connecting when first needed and
// trying again at the next sync while the server cannot be reached.
type teamLink struct {
	local     *storage.DB
	mu        sync.Mutex
	srv       *postgres.DB
	announced chan struct{}
	stop      context.CancelFunc // ends listening to the server
}

// joinedTeam returns the link of a library joined to a team, or nil.
func joinedTeam(ctx context.Context, local *storage.DB) *teamLink {
	if url, err := local.Setting(ctx, storage.TeamURLKey); err != nil || url == "" {
		return nil
	}
	return &teamLink{local: local, announced: make(chan struct{}, 1)}
}

func (l *teamLink) Sync(ctx context.Context) (pushed, pulled int, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.srv == nil {
		if l.srv, err = team.Open(ctx, l.local); err != nil {
			l.srv = nil
			// Kept for team status, as a failed sync's error is.
			_ = l.local.SetDeskSettings(ctx, map[string]string{storage.TeamErrorKey: err.Error()})
			return 0, 0, err
		}
		l.listen()
	}
	res, err := team.Sync(ctx, l.local, l.srv)
	return res.Pushed, res.Pulled, err
}

func (l *teamLink) Waiting(ctx context.Context) (int, error) {
	st, err := team.Status(ctx, l.local)
	return st.Waiting, err
}

func (l *teamLink) Announced() <-chan struct{} { return l.announced }

// listen passes on the server's announcements of new changes.
func (l *teamLink) listen() {
	ctx, cancel := context.WithCancel(context.Background())
	l.stop = cancel
	heard := l.srv.Listen(ctx)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-heard:
				select {
				case l.announced <- struct{}{}:
				default:
				}
			}
		}
	}()
}

// Close lets go of the server.
func (l *teamLink) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stop != nil {
		l.stop()
	}
	if l.srv != nil {
		l.srv.Close()
		l.srv = nil
	}
}
