package workspace

import (
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
)

// busy counts work in flight (queued steps, background requests, pending
// snapshot deliveries) and the auto-refresh timers armed on the clock, so
// Wait can tell when everything that is due has happened.
type busy struct {
	clock clockwork.Clock

	mu     sync.Mutex // guards n, timers
	n      int
	timers map[*autoTimer]time.Time // armed timer => when it fires
}

func newBusy(c clockwork.Clock) *busy { return &busy{clock: c, timers: map[*autoTimer]time.Time{}} }

func (b *busy) add(d int) {
	b.mu.Lock()
	b.n += d
	b.mu.Unlock()
}

func (b *busy) arm(t *autoTimer, at time.Time) {
	b.mu.Lock()
	b.timers[t] = at
	b.mu.Unlock()
}

func (b *busy) disarm(t *autoTimer) {
	b.mu.Lock()
	delete(b.timers, t)
	b.mu.Unlock()
}

// idle reports whether nothing is in flight and no timer is due.
func (b *busy) idle() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.n > 0 {
		return false
	}
	now := b.clock.Now()
	for _, at := range b.timers {
		if !at.After(now) {
			return false
		}
	}
	return true
}

// wait polls idle. A fake clock's timers fire on goroutines of their own,
// which no counter can see before they run: polling covers that gap.
func (b *busy) wait() {
	for !b.idle() {
		time.Sleep(time.Millisecond)
	}
}
