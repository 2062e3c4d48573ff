package postgres

import (
	"context"
	"time"
)

// announceChannel is where the server announces new changes (migration
// 003): every insert into the history notifies it.
const announceChannel = "factdesk_changes"

// Listen returns a channel that receives when the server announces new
// changes, until ctx ends. It holds one connection of its own, and comes
// back after the server was lost, announcing once then, since changes may
// have come meanwhile. Announcements that come while one is waiting to be
// read merge into it.
func (db *DB) Listen(ctx context.Context) <-chan struct{} {
	out := make(chan struct{}, 1)
	announce := func() {
		select {
		case out <- struct{}{}:
		default:
		}
	}
	go func() {
		wait := time.Second
		for ctx.Err() == nil {
			if err := db.listen(ctx, announce); err != nil && ctx.Err() == nil {
				select {
				case <-ctx.Done():
				case <-time.After(wait):
				}
				wait = min(2*wait, 30*time.Second)
				announce()
			}
		}
	}()
	return out
}

// listen waits for announcements on one connection until it fails.
func (db *DB) listen(ctx context.Context, announce func()) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// The connection will have LISTEN on it: it leaves the pool for good.
	pc := conn.Hijack()
	defer pc.Close(context.Background())
	if _, err := pc.Exec(ctx, "LISTEN "+announceChannel); err != nil {
		return err
	}
	for {
		if _, err := pc.WaitForNotification(ctx); err != nil {
			return err
		}
		announce()
	}
}
