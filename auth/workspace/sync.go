package workspace

import (
	"github.com/tokeninspector/tokeninspector/auth/history"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
)

// schedulePoll keeps a remembered profile's check for rotations made by
// other processes armed (every SyncInterval), and stops it otherwise.
func (e *entry) schedulePoll(st *state) {
	want := e.ws.deps.Locks != nil && st.remember.On && !st.deleted
	switch {
	case !want && st.poll != nil:
		st.poll.t.Stop()
		e.ws.busy.disarm(st.poll)
		st.poll = nil
	case want && st.poll == nil:
		at := &autoTimer{due: e.ws.clock.Now().Add(SyncInterval)}
		st.poll = at
		e.ws.busy.arm(at, at.due)
		at.t = e.ws.clock.AfterFunc(SyncInterval, func() {
			e.post(func(st *state) { e.pollFired(st, at) })
			e.ws.busy.disarm(at)
		})
	}
}

// pollFired adopts the remembered session when another process changed it
// to a newer token set than the one shown; schedulePoll re-arms the check.
func (e *entry) pollFired(st *state, at *autoTimer) {
	if st.poll != at {
		return
	}
	st.poll = nil
	name := st.profile.Name
	stamp := e.ws.sessions.Stamp(name)
	if stamp == st.stamp || st.login != nil || st.refresh != nil {
		return
	}
	st.stamp = stamp
	ts, err := e.ws.sessions.Load(name)
	if err != nil || st.tokens != nil && !remembered.Newer(ts, st.tokens) {
		return
	}
	r := &OpResult{ID: OpID(e.ws.ops.Add(1)), Kind: OpSync, At: e.ws.clock.Now(), Old: st.tokens, New: ts, Adopted: true}
	st.remember.StoredRefresh = ts.RefreshToken != ""
	st.setTokens(ts, ts.AccessToken == "")
	st.record(history.NewEvent(history.EventRefresh, r.At, r.Old, ts, nil))
	st.finish(r)
	e.verify(st)
}
