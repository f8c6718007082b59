package workspace

import (
	"context"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// loginOp is a login in flight.
type loginOp struct {
	id     OpID
	joined []OpID
	cancel context.CancelFunc
	prompt *Prompt
}

// Login gets the profile a first token set with its grant: a browser login
// (authorization code), a device login, or client credentials. While one waits, another
// Login joins it. The previous tokens stay until the new ones arrive; a
// successful login starts a new generation, so a refresh of the older
// tokens still in flight is dropped when it finishes.
func (ws *Workspace) Login(profile string) OpID {
	return ws.command(profile, func(e *entry, st *state, id OpID) { e.startLogin(st, id) })
}

// Cancel stops the profile's waiting login.
func (ws *Workspace) Cancel(profile string) {
	ws.command(profile, func(e *entry, st *state, _ OpID) {
		if st.login != nil {
			st.login.cancel()
		}
	})
}

func (e *entry) startLogin(st *state, id OpID) {
	if st.login != nil {
		st.login.joined = append(st.login.joined, id)
		return
	}
	ctx, cancel := context.WithCancel(trace.WithOp(e.opCtx(), string(OpLogin)))
	op := &loginOp{id: id, cancel: cancel}
	st.login = op
	st.changed()
	e.needProvider(st, func(st *state, pr *oidc.Provider, err error) {
		if st.login != op {
			cancel()
			return // cancelled by a profile edit
		}
		if err != nil {
			e.loginDone(st, op, nil, nil, err)
			return
		}
		old, grant := st.tokens, st.profile.Grant
		e.spawn(func() {
			ts, err := e.runGrant(ctx, pr, grant, op)
			e.post(func(st *state) { e.loginDone(st, op, old, ts, err) })
		})
	})
}

// runGrant gets a first token set the profile's way: the browser login, a
// device login (its code shown in the prompt), or client credentials.
func (e *entry) runGrant(ctx context.Context, pr *oidc.Provider, grant auth.Grant, op *loginOp) (*auth.TokenSet, error) {
	prompt := func(p *Prompt) { e.post(func(st *state) { op.setPrompt(st, p) }) }
	switch grant {
	case auth.GrantClientCredentials:
		return pr.ClientCredentials(ctx, oidc.ClientCredentialsOptions{})
	case auth.GrantJWTBearer:
		return pr.JWTBearer(ctx, nil)
	case auth.GrantDeviceCode:
		var code *oidc.DeviceAuthorization
		return pr.DeviceLogin(ctx, oidc.DeviceOptions{
			OnCode: func(d *oidc.DeviceAuthorization) {
				code = d
				prompt(&Prompt{URL: d.BrowserURI(), Device: d})
			},
			OnPoll: func(p oidc.DevicePoll) { prompt(&Prompt{URL: code.BrowserURI(), Device: code, Poll: p.Code}) },
			Wait:   e.ws.wait,
		})
	}
	return pr.Login(ctx, oidc.LoginOptions{
		OnURL: func(url string) { prompt(&Prompt{URL: url}) },
		OnOpenError: func(oe *auth.OpenBrowserError) {
			prompt(&Prompt{URL: oe.URL, OpenErr: oe.Err})
		},
	})
}

func (op *loginOp) setPrompt(st *state, p *Prompt) {
	if st.login == op {
		op.prompt = p
		st.changed()
	}
}

// loginDone makes a successful login's tokens current (stored first when
// Remember is on) in a new generation; a failure keeps the tokens there were.
func (e *entry) loginDone(st *state, op *loginOp, old, ts *auth.TokenSet, err error) {
	op.cancel()
	r := &OpResult{ID: op.id, Joined: op.joined, Kind: OpLogin, At: e.ws.clock.Now(), Err: err, Old: old}
	if st.login != op {
		r.Dropped = true // a profile edit or deletion ended it
		st.finish(r)
		return
	}
	st.login = nil
	if ref, set := refusedSet(err); ref != nil {
		// Shown, marked, and nothing else: not stored, not scheduled.
		st.newGeneration(true)
		r.New = set
		st.setRefused(ref, set)
		st.auto.reset()
		st.record(history.NewEvent(history.EventLogin, r.At, old, set, err))
		st.finish(r)
		e.verify(st)
		return
	}
	if err != nil {
		st.record(history.NewEvent(history.EventLogin, r.At, old, nil, err))
		st.finish(r)
		return
	}
	st.newGeneration(true)
	r.StoreErr = e.storeTokens(st, ts)
	r.New = ts
	st.setTokens(ts, false)
	st.auto.reset()
	st.record(history.NewEvent(history.EventLogin, r.At, old, ts, nil))
	st.finish(r)
	e.verify(st)
}

// setTokens makes ts current; what the endpoints said of the old tokens
// goes, and so does a refusal of them (setRefused marks refused ones).
func (st *state) setTokens(ts *auth.TokenSet, restored bool) {
	st.tokens, st.restored, st.sigs, st.refused = ts, restored, nil, nil
	st.answers.forTokens(ts)
	st.changed()
}
