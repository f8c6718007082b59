package ui

import (
	"sync"
	"testing"
	"time"
)

// handTicker hands the window tickers whose ticks the test sends, and
// counts the ones started and the ones still running.
type handTicker struct {
	mu      sync.Mutex // guards what follows
	started int
	live    int
	c       chan time.Time // the newest ticker's channel
}

func (f *handTicker) ticker(time.Duration) (<-chan time.Time, func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.started++
	f.live++
	c := make(chan time.Time) // unbuffered: a send returns once the tick is taken
	f.c = c
	var once sync.Once
	return c, func() {
		once.Do(func() {
			f.mu.Lock()
			f.live--
			f.mu.Unlock()
		})
	}
}

func (f *handTicker) counts() (started, live int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.started, f.live
}

// tick sends one tick and waits until the window has handed it to Do.
func (f *handTicker) tick(t *testing.T, h *harness) {
	t.Helper()
	f.mu.Lock()
	c := f.c
	f.mu.Unlock()
	c <- time.Time{}
	deadline := time.Now().Add(10 * time.Second)
	for {
		h.thread.mu.Lock()
		n := len(h.thread.q)
		h.thread.mu.Unlock()
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("a tick was taken but nothing was handed to Do")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestHiddenWindowStopsTheTickAndShowsTheRightTimeAtOnce(t *testing.T) {
	h := newHarness(t, nil)
	h.login() // a 2:00 access token, issued now
	ft := &handTicker{}
	h.u.deps.Ticker = ft.ticker
	h.u.startTicks()
	t.Cleanup(h.u.stopTicks)
	countdown := func() string { return h.u.views.access.countdown.Text }

	h.clock.Advance(5 * time.Second)
	ft.tick(t, h)
	h.settle()
	if got := countdown(); got != "expires in 1:55" {
		t.Fatalf("after a tick: countdown %q; want expires in 1:55", got)
	}

	// A tick handed to Do just before the window hides draws nothing.
	h.clock.Advance(5 * time.Second)
	ft.tick(t, h)
	h.u.SetShown(false)
	h.settle()
	if got := countdown(); got != "expires in 1:55" {
		t.Errorf("a tick drew while hidden: countdown %q", got)
	}
	if started, live := ft.counts(); started != 1 || live != 0 {
		t.Errorf("hidden: %d tickers started, %d running; want 1 started, none running", started, live)
	}
	h.u.SetShown(false) // said twice: nothing changes
	h.clock.Advance(20 * time.Second)
	h.settle()

	h.u.SetShown(true)
	if got := countdown(); got != "expires in 1:30" {
		t.Errorf("first frame after showing: countdown %q; want expires in 1:30", got)
	}
	if started, live := ft.counts(); started != 2 || live != 1 {
		t.Errorf("shown again: %d tickers started, %d running; want 2 started, 1 running", started, live)
	}
	h.u.SetShown(true) // said twice: no second ticker
	if started, live := ft.counts(); started != 2 || live != 1 {
		t.Errorf("shown twice: %d tickers started, %d running; want 2 started, 1 running", started, live)
	}
	h.clock.Advance(time.Second)
	ft.tick(t, h)
	h.settle()
	if got := countdown(); got != "expires in 1:29" {
		t.Errorf("a tick after showing: countdown %q; want expires in 1:29", got)
	}

	h.u.stopTicks()
	h.u.SetShown(false)
	h.u.SetShown(true) // the window is closing: no ticker starts again
	if started, live := ft.counts(); started != 2 || live != 0 {
		t.Errorf("after Run: %d tickers started, %d running; want 2 started, none running", started, live)
	}
}
