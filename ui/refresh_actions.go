package ui

// Refresh: the Refresh button, its result, and auto-refresh.

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// onRefresh runs the refresh_token grant and copies the new bearer; a click
// while one runs does nothing.
func (u *UI) onRefresh() { u.startRefresh(true) }

// startRefresh runs the refresh in the background. manual is false for
// auto-refresh, which leaves the clipboard alone.
func (u *UI) startRefresh(manual bool) {
	s := u.session()
	if s == nil || s.Current() == nil {
		u.status.info("Log in first (Ctrl+L): there is nothing to refresh.")
		return
	}
	if u.refreshing {
		return
	}
	old := s.Current()
	u.refreshing = true
	u.setBusy()
	u.status.info("Refreshing…")
	profile := u.profile.Name
	u.background(func() {
		ts, err := s.Refresh(context.Background())
		u.do(func() { u.refreshDone(profile, old, ts, err, manual) })
	})
}

func (u *UI) refreshDone(profile string, old, ts *auth.TokenSet, err error, manual bool) {
	u.refreshing = false
	u.autoResult(profile, old, err, manual)
	if profile != u.profile.Name {
		u.status.info("The refresh of profile " + profile + " finished in the background.")
		u.setBusy()
		return
	}
	if err != nil {
		u.status.failure(err, auth.NeedsLogin(err), true)
		u.showSession()
		return
	}
	if manual {
		u.deps.Clipboard.SetContent(ts.Bearer())
	}
	msg := refreshSummary(old, ts, u.deps.Now(), manual)
	if !manual {
		msg = "Auto-r" + msg[1:]
	}
	u.reportStored(u.session(), msg)
	u.showSession()
}

// refreshSummary says what rotated, for the status line.
func refreshSummary(old, ts *auth.TokenSet, now time.Time, copied bool) string {
	parts := []string{"Refreshed " + now.Format("15:04:05")}
	if copied {
		parts = append(parts, "Bearer copied")
	}
	if a, b := old.Access.JTI, ts.Access.JTI; b != "" {
		parts = append(parts, "access "+short(a)+" → "+short(b))
	}
	switch {
	case ts.RefreshKept:
		parts = append(parts, "no new refresh token: the old one was kept")
	case ts.RefreshRotated:
		parts = append(parts, "refresh token rotated ("+short(old.Refresh.JTI)+" → "+short(ts.Refresh.JTI)+")")
	default:
		parts = append(parts, "the same refresh token came back (no rotation)")
	}
	if ts.IDKept {
		parts = append(parts, "no new ID token: the login's is shown")
	}
	return strings.Join(parts, " · ")
}

// short abbreviates an id to its first 8 characters.
func short(id string) string {
	if id == "" {
		return "?"
	}
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// autoRefresh refreshes N seconds before the access token expires: once per
// token set, never more often than autoGap, and after a failure again only
// after a growing pause (not at all once the provider said the grant is dead).
func (u *UI) autoRefresh(now time.Time) {
	ts := u.current()
	a := u.autoFor(u.profile.Name)
	if !u.auto.Checked || ts == nil || u.refreshing || u.loginCancel != nil || ts.RefreshToken == "" || now.Before(a.next) {
		return
	}
	key := autoKey(ts)
	if a.key == key && (a.fails == 0 || a.dead) {
		return // done for this token set, or the provider refuses it
	}
	exp, ok := ts.Expiry()
	if restored(ts) {
		exp, ok = now, true // no access token yet: due now
	}
	if !ok {
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(u.autoSeconds.Text))
	if err != nil || n < 0 {
		n = 30
	}
	lead := time.Duration(n) * time.Second
	if life := exp.Sub(ts.ReceivedAt); life > 0 && lead >= life {
		lead = life / 2 // a lead longer than the lifetime would refresh forever
	}
	if exp.Sub(now) > lead {
		return
	}
	if a.key != key {
		a.key, a.fails, a.dead = key, 0, false
	}
	a.next = now.Add(autoGap)
	u.startRefresh(false)
}

// autoGap is the least time between two automatic refreshes.
const autoGap = 10 * time.Second

// autoState is what auto-refresh remembers between ticks.
type autoState struct {
	key   string    // the token set it last refreshed (autoKey)
	next  time.Time // no attempt before this
	fails int       // failed attempts for key
	dead  bool      // the provider said the grant is dead: stop
}

// autoFor is the auto-refresh state of a profile.
func (u *UI) autoFor(profile string) *autoState {
	a := u.autoRun[profile]
	if a == nil {
		a = &autoState{}
		u.autoRun[profile] = a
	}
	return a
}

// autoResult records how a refresh of profile's tokens ended. After an
// automatic one, failures back off 20 s, 40 s, … up to 5 minutes; a manual
// success lifts any pause, and a dead grant stops auto-refresh either way.
func (u *UI) autoResult(profile string, old *auth.TokenSet, err error, manual bool) {
	a := u.autoFor(profile)
	switch {
	case auth.NeedsLogin(err):
		a.key, a.dead = autoKey(old), true
	case err == nil && manual:
		a.next = time.Time{}
	case err == nil:
		a.fails = 0
	case !manual:
		a.fails++
		a.next = u.deps.Now().Add(autoGap << min(a.fails, 5)) // at most 5:20
	}
}
