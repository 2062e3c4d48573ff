package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/factdesk/factdesk/storage/postgres/pgtest"
)

// TestListenHearsOtherWriters has one connection listen while another
// writes: every write is announced, and a quiet server announces nothing.
func TestListenHearsOtherWriters(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url := pgtest.Start(t).NewDatabase(t)
	writer, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	listener, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	heard := listener.Listen(ctx)
	// LISTEN is issued on the listener's own goroutine: give it the time
	// to be in place, then drain what it may have said meanwhile.
	time.Sleep(300 * time.Millisecond)
	select {
	case <-heard:
		t.Fatal("an announcement before anything was written")
	case <-time.After(200 * time.Millisecond):
	}
	for i, title := range []string{"Rents", "Buses"} {
		newArticle(t, writer, title, text)
		select {
		case <-heard:
		case <-time.After(5 * time.Second):
			t.Fatalf("write %d (%s) was not announced within 5 s", i+1, title)
		}
	}
	cancel()
}
