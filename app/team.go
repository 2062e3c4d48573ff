package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/desk"
)

// Team is a desk's link to its team library. The window syncs through it
// in the background and says in the toolbar how it stands; the work itself
// is the same as `factdesk sync`.
type Team interface {
	// Sync pushes the changes made here and pulls everyone else's.
	Sync(ctx context.Context) (pushed, pulled int, err error)
	// Waiting counts the changes made here that the server has not yet.
	Waiting(ctx context.Context) (int, error)
	// Announced, when not nil, receives when the server announces new
	// changes, so that they are pulled at once rather than at the next
	// tick.
	Announced() <-chan struct{}
}

// teamEvery is how often the window syncs when nothing else asks it to.
const teamEvery = 5 * time.Second

// teamSync runs the background sync and shows its state.
type teamSync struct {
	ws     *Workspace
	team   Team
	label  *widget.Label
	kick   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

func newTeamSync(ws *Workspace, t Team) *teamSync {
	s := &teamSync{ws: ws, team: t, label: widget.NewLabel("Team library"), kick: make(chan struct{}, 1)}
	return s
}

// start begins syncing: at once, after every change made here (see
// changed), every teamEvery, and when the server announces changes.
func (s *teamSync) start() {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel, s.done = cancel, make(chan struct{})
	go func() {
		defer close(s.done)
		tick := time.NewTicker(teamEvery)
		defer tick.Stop()
		announced := s.team.Announced()
		for {
			pushed, pulled, err := s.run(ctx)
			if ctx.Err() != nil {
				return
			}
			waiting, werr := s.team.Waiting(ctx)
			if werr != nil && err == nil {
				err = werr
			}
			fyne.Do(func() { s.show(pushed, pulled, waiting, err) })
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			case <-s.kick:
				// Say at once that a change waits, rather than "up to
				// date" until the sync returns.
				if n, err := s.team.Waiting(ctx); err == nil && n > 0 {
					fyne.Do(func() { s.pending(n) })
				}
			case <-announced:
			}
		}
	}()
}

// teamTimeout bounds one sync, so that a server that stopped answering
// (a network that drops packets) shows as offline rather than as a sync
// that never ends.
const teamTimeout = 30 * time.Second

// run is one sync; a panic in it is reported as its error, not a crash.
func (s *teamSync) run(ctx context.Context) (pushed, pulled int, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("sync stopped: %v", v)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, teamTimeout)
	defer cancel()
	return s.team.Sync(ctx)
}

// changed asks for a sync soon: something was written here.
func (s *teamSync) changed() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// stop ends the background sync and waits for it, so that the library is
// not closed under it.
func (s *teamSync) stop() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	<-s.done
}

// pending shows n changes waiting for a sync under way; an offline desk
// stays shown as offline until a sync gets through.
func (s *teamSync) pending(n int) {
	state := "syncing"
	if strings.HasPrefix(s.label.Text, "offline") {
		state = "offline"
	}
	s.label.SetText(fmt.Sprintf("%s · %s waiting", state, desk.Plural(n, "change")))
}

// show says how the desk stands with its team and shows what was pulled.
func (s *teamSync) show(pushed, pulled, waiting int, err error) {
	switch {
	case err != nil:
		s.label.SetText(fmt.Sprintf("offline · %s waiting", desk.Plural(waiting, "change")))
	case waiting > 0:
		s.label.SetText(fmt.Sprintf("syncing · %s waiting", desk.Plural(waiting, "change")))
	default:
		s.label.SetText("Team library · up to date")
	}
	if pulled > 0 {
		s.ws.teamPulled()
	}
	s.ws.traceEvent(fmt.Sprintf("team sync pushed=%d pulled=%d waiting=%d", pushed, pulled, waiting))
}

// teamChanged asks for a sync soon, when the library is linked to a team.
func (ws *Workspace) teamChanged() {
	if ws.team != nil {
		ws.team.changed()
	}
}

// teamPulled shows what others changed: the library list, and the open
// article's claims, keeping the place, the selection and any edit under
// way.
func (ws *Workspace) teamPulled() {
	ws.library.load()
	v := ws.article
	if ws.onShow != "article" || v.article == nil {
		return
	}
	ctx := context.Background()
	a, err := ws.store.Article(ctx, v.article.ID)
	if err != nil {
		if annotate.ErrorCode(err) == annotate.ENOTFOUND {
			ws.showLibrary()
			ws.notice.show(noticeWarning, "The article was deleted by someone on the team", "", nil)
		}
		return
	}
	if a.Text != v.article.Text {
		// A new version: the text and every anchor move.
		off, frac := v.reader.TopPlace()
		sel := v.selected
		if v.reload() == nil {
			v.reader.ScrollToPlace(off, frac)
			if v.claim(sel) != nil {
				v.selectClaim(sel, fromCode)
			}
		}
		return
	}
	v.editor.flush()
	ws.writes.wait()
	claims, err := ws.store.Claims(ctx, a.ID)
	if err != nil {
		return
	}
	v.article = a
	v.claims = claims
	ws.revs.seeClaims(claims)
	v.setHighlights()
	v.panel.load()
	if cur := v.claim(v.selected); cur != nil {
		v.editor.sync(cur)
	} else if v.selected != 0 {
		v.selected = 0
		v.editor.show(nil)
	}
	v.banner.update()
}
