package workspace

import (
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/jonboulle/clockwork"

	"github.com/tokeninspector/tokeninspector/auth"
)

// DefaultAutoLead is how long before expiry auto-refresh runs by default.
const DefaultAutoLead = 30 * time.Second

// autoGap is the least time between two automatic refreshes, or half the
// tokens' lifetime when that is shorter (so 3-second tokens still get
// refreshed before each expiry, and a provider handing out tokens that are
// already expired cannot make auto-refresh loop).
const autoGap = 10 * time.Second

// gapFor is the pause after an automatic refresh of ts.
func gapFor(ts *auth.TokenSet) time.Duration {
	if exp, ok := ts.Expiry(); ok {
		if life := exp.Sub(ts.ReceivedAt); life > 0 && life/2 < autoGap {
			return life / 2
		}
	}
	return autoGap
}

// SetAutoRefresh switches auto-refresh for the profile: lead before the
// access token expires (capped at half its lifetime, so a lead longer than
// the lifetime cannot refresh in a loop). It never touches a clipboard:
// its results carry Cause Auto.
func (ws *Workspace) SetAutoRefresh(profile string, on bool, lead time.Duration) {
	ws.command(profile, func(e *entry, st *state, _ OpID) {
		if lead <= 0 {
			lead = DefaultAutoLead
		}
		st.auto.on, st.auto.lead = on, lead
		st.auto.reset()
		st.changed()
	})
}

// autoRun is what auto-refresh remembers between runs.
type autoRun struct {
	on    bool
	lead  time.Duration
	key   string    // the token set it last refreshed (autoKey)
	next  time.Time // no attempt before this
	fails int       // failed attempts for key
	dead  bool      // the grant is dead or maybe used up (oidc.MaybeConsumed): stop
	due   time.Time // when the armed timer fires; zero when none
}

func (a *autoRun) reset() { a.key, a.next, a.fails, a.dead = "", time.Time{}, 0, false }

func (a *autoRun) public() AutoState {
	return AutoState{On: a.on, Lead: a.lead, Next: a.due, Fails: a.fails, Dead: a.dead}
}

// autoKey names a token set: its access token, or for a restored set (no
// access token) its refresh token.
func autoKey(ts *auth.TokenSet, restored bool) string {
	if restored {
		return "restored " + ts.RefreshToken
	}
	return ts.AccessToken
}

// result records how a refresh ended. After an automatic one, failures
// back off 20 s, 40 s, … up to 5:20; a manual success lifts any pause, and
// a dead grant stops auto-refresh either way.
func (a *autoRun) result(now time.Time, old *auth.TokenSet, restored bool, err error, cause Cause) {
	switch {
	case auth.NeedsLogin(err), oidc.MaybeConsumed(err):
		// Dead, or cut off after it was sent: the refresh token may be used
		// up, and an automatic retry must not resend it (oidc.UnansweredError
		// has the policy); the user's own Refresh may.
		a.key, a.dead = autoKey(old, restored), true
	case err == nil && cause == Manual:
		a.next = time.Time{}
	case err == nil:
		a.fails = 0
	case cause == Auto:
		a.fails++
		a.next = now.Add(autoGap << min(a.fails, 5))
	}
}

// dueAt is when auto-refresh should next run for st, or zero for never.
func (st *state) dueAt(now time.Time) time.Time {
	a, ts := &st.auto, st.tokens
	if !a.on || st.deleted || ts == nil || st.refused != nil || ts.RefreshToken == "" || st.login != nil || st.refresh != nil {
		return time.Time{}
	}
	key := autoKey(ts, st.restored)
	if a.key == key && (a.fails == 0 || a.dead) {
		return time.Time{} // done for this token set, or the provider refuses it
	}
	exp, ok := ts.Expiry()
	if st.restored {
		exp, ok = now, true // no access token yet: due now
	}
	if !ok {
		return time.Time{}
	}
	lead := a.lead
	if life := exp.Sub(ts.ReceivedAt); life > 0 && lead >= life {
		lead = life / 2
	}
	due := exp.Add(-lead)
	if due.Before(a.next) {
		due = a.next
	}
	return due
}

// autoTimer is one armed auto-refresh timer.
type autoTimer struct {
	t   clockwork.Timer
	due time.Time
}

// schedule arms, moves or stops the profile's auto-refresh timer after a step.
func (e *entry) schedule(st *state) {
	now := e.ws.clock.Now()
	due := st.dueAt(now)
	if st.timer != nil && st.timer.due.Equal(due) {
		return
	}
	st.stopTimer(e)
	st.auto.due = due
	st.changed()
	if due.IsZero() {
		return
	}
	at := &autoTimer{due: due}
	st.timer = at
	e.ws.busy.arm(at, due)
	at.t = e.ws.clock.AfterFunc(due.Sub(now), func() {
		e.post(func(st *state) { e.autoFire(st, at) })
		e.ws.busy.disarm(at)
	})
}

func (st *state) stopTimer(e *entry) {
	if !st.auto.due.IsZero() {
		st.changed()
	}
	if st.timer != nil {
		st.timer.t.Stop()
		e.ws.busy.disarm(st.timer)
		st.timer = nil
	}
	st.auto.due = time.Time{}
}

// autoFire starts the automatic refresh its timer was armed for, if it is
// still due.
func (e *entry) autoFire(st *state, at *autoTimer) {
	if st.timer != at {
		return
	}
	st.timer = nil
	st.auto.due = time.Time{}
	now := e.ws.clock.Now()
	due := st.dueAt(now)
	if due.IsZero() || due.After(now) {
		return // schedule re-arms it after this step
	}
	a := &st.auto
	if key := autoKey(st.tokens, st.restored); a.key != key {
		a.key, a.fails, a.dead = key, 0, false
	}
	a.next = now.Add(gapFor(st.tokens))
	id := OpID(e.ws.ops.Add(1))
	e.startRefresh(st, id, Auto)
}
