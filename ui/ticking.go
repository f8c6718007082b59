package ui

import "time"

// The once-a-second tick of the countdowns, and its pause while nobody can
// see the window (SetShown): a hidden window neither wakes nor draws for
// countdowns, and is brought up to date the moment it shows again.

// realTicker is Deps.Ticker's default: a time.Ticker.
func realTicker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// SetShown says whether anyone can see the window: false when it is
// minimised or fully covered, as the platform reports it (the app's
// wiring asks; Fyne does not say). While hidden the countdowns' tick is
// stopped, not just its drawing; when shown again the countdowns are
// brought up to date at once, so the first frame shows the right time.
// Snapshots from the workspace are still drawn while hidden. Call it on
// the UI goroutine.
func (u *UI) SetShown(shown bool) {
	if shown != u.hidden {
		return // no change
	}
	u.hidden = !shown
	if !shown {
		u.pauseTicks()
		return
	}
	u.Tick(u.deps.Now())
	u.resumeTicks()
}

// startTicks turns the countdowns' tick on (Run), unless the window is
// hidden; stopTicks turns it off for good.
func (u *UI) startTicks() {
	u.ticking = true
	u.resumeTicks()
}

func (u *UI) stopTicks() {
	u.ticking = false
	u.pauseTicks()
}

// resumeTicks starts a ticker when ticking is on, the window is shown and
// none runs.
func (u *UI) resumeTicks() {
	if !u.ticking || u.hidden || u.stopTicker != nil {
		return
	}
	c, stop := u.deps.Ticker(time.Second)
	done := make(chan struct{})
	tick := u.tickIfShown
	go func() {
		for {
			select {
			case <-c:
				u.deps.Do(tick)
			case <-done:
				return
			}
		}
	}()
	u.stopTicker = func() {
		stop()
		close(done)
	}
}

// pauseTicks stops the ticker, if one runs.
func (u *UI) pauseTicks() {
	if u.stopTicker != nil {
		u.stopTicker()
		u.stopTicker = nil
	}
}

// tickIfShown is one tick; one handed to Do just before the window hid
// draws nothing.
func (u *UI) tickIfShown() {
	if !u.hidden {
		u.Tick(u.deps.Now())
	}
}
