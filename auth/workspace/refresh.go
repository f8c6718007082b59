package workspace

import (
	"context"
	"errors"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/remembered"

	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// ErrNothingToRefresh says the profile has no refresh token.
var ErrNothingToRefresh = errors.New("there is nothing to refresh: log in first")

// refreshOp is a refresh in flight.
type refreshOp struct {
	id     OpID
	joined []OpID
	cause  Cause
	gen    uint64
	// then runs when the refresh ends, whatever its outcome (a call
	// that waited for fresh tokens).
	then []func(st *state)
}

// Refresh runs the refresh_token grant for the profile's tokens. While one
// runs, another Refresh joins it (a manual one makes the shared refresh
// manual). On any failure the tokens stay; auth.NeedsLogin(OpResult.Err)
// says they are dead.
func (ws *Workspace) Refresh(profile string, cause Cause) OpID {
	return ws.command(profile, func(e *entry, st *state, id OpID) { e.startRefresh(st, id, cause) })
}

func (e *entry) startRefresh(st *state, id OpID, cause Cause) {
	if st.refresh != nil {
		st.refresh.joined = append(st.refresh.joined, id)
		if cause == Manual {
			st.refresh.cause = Manual
		}
		return
	}
	old := st.tokens
	if old == nil || old.RefreshToken == "" {
		st.finish(&OpResult{ID: id, Kind: OpRefresh, Cause: cause, At: e.ws.clock.Now(), Err: ErrNothingToRefresh, Old: old})
		return
	}
	op := &refreshOp{id: id, cause: cause, gen: st.gen}
	ctx := trace.WithOp(e.opCtx(), string(OpRefresh))
	st.refresh = op
	st.changed()
	e.needProvider(st, func(st *state, pr *oidc.Provider, err error) {
		if st.refresh != op {
			return // a login or an edit replaced the tokens: nothing to report
		}
		if err != nil {
			e.refreshDone(st, op, old, nil, err, nil)
			return
		}
		if !st.remember.On || st.refused != nil { // a refused set was never stored
			e.spawn(func() {
				ts, err := pr.RefreshSet(ctx, old) // old's refresh token and DPoP key
				e.post(func(st *state) { e.refreshDone(st, op, old, ts, err, nil) })
			})
			return
		}
		// Remembered: under the cross-process lock, against what the
		// keyring holds, saved before the lock is released.
		name := st.profile.Name
		e.spawn(func() {
			res, err := e.ws.sessions.Refresh(ctx, name, old, 0, func(ctx context.Context, rt string) (*auth.TokenSet, error) {
				if rt == old.RefreshToken {
					return pr.RefreshSet(ctx, old)
				}
				return pr.Refresh(ctx, rt) // another process's newer set
			})
			e.post(func(st *state) { e.refreshDone(st, op, old, res.Tokens, err, &res) })
		})
	})
}

// refreshDone stores and shows a refresh's tokens, unless a newer
// generation began meanwhile: then they are dropped unseen and unstored.
// shared is the outcome of a remembered session's refresh, already saved
// under the cross-process lock (nil otherwise).
func (e *entry) refreshDone(st *state, op *refreshOp, old, ts *auth.TokenSet, err error, shared *remembered.Result) {
	defer op.runThen(st)
	now := e.ws.clock.Now()
	r := &OpResult{ID: op.id, Joined: op.joined, Kind: OpRefresh, Cause: op.cause, At: now, Err: err, Old: old}
	if st.refresh != op || st.gen != op.gen || st.tokens != old {
		r.Dropped = true
		st.finish(r)
		return
	}
	st.refresh = nil
	st.auto.result(now, old, st.restored, err, op.cause)
	if ref, set := refusedSet(err); ref != nil {
		// The new answer is shown, marked; the stored session stays as it was.
		auth.KeepIDToken(old, set)
		r.New = set
		st.setRefused(ref, set)
		st.record(history.NewEvent(history.EventRefresh, now, old, set, err))
		st.finish(r)
		e.verify(st)
		return
	}
	if err != nil {
		st.record(history.NewEvent(history.EventRefresh, now, old, nil, err))
		st.finish(r)
		e.reloginIfDead(st, err)
		return
	}
	if shared == nil {
		auth.KeepIDToken(old, ts)
		r.StoreErr = e.storeTokens(st, ts)
	} else {
		r.Adopted = !shared.Refreshed
		r.StoreErr = e.memoryOnly(shared.SaveErr)
		st.remember.Stale = shared.SaveErr
		st.noteStored(shared.SaveErr, ts)
		st.stamp = e.ws.sessions.Stamp(st.profile.Name)
	}
	r.New = ts
	st.setTokens(ts, false)
	st.record(history.NewEvent(history.EventRefresh, now, old, ts, nil))
	st.finish(r)
	e.verify(st)
}
