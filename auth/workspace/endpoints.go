package workspace

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
	"github.com/tokeninspector/tokeninspector/auth/remembered"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// endpointTimeout bounds one call to the provider's other endpoints.
const endpointTimeout = 30 * time.Second

// TokenKind names one of the session's tokens.
type TokenKind string

// The session's tokens.
const (
	AccessToken  TokenKind = "access"
	RefreshToken TokenKind = "refresh"
	IDToken      TokenKind = "id"
)

// pick is the session's token of kind k and its RFC 7009/7662 hint.
func pick(ts *auth.TokenSet, k TokenKind) (token, hint string) {
	if ts == nil {
		return "", ""
	}
	switch k {
	case RefreshToken:
		return ts.RefreshToken, oidc.HintRefreshToken
	case IDToken:
		return ts.IDToken, ""
	}
	return ts.AccessToken, oidc.HintAccessToken
}

// call runs one endpoint request with the provider, off the actor, and
// hands its outcome back to done on the actor. A failure is a history
// entry of kind ev (when set); r becomes the last operation unless quiet
// (automatic requests the user did not ask for).
func (e *entry) call(st *state, r *OpResult, ev history.EventKind, quiet bool, work func(ctx context.Context, pr *oidc.Provider) (any, error), done func(st *state, v any)) {
	ts := st.tokens
	end := func(st *state) {
		if quiet {
			st.changed()
			return
		}
		st.finish(r)
	}
	e.needProvider(st, func(st *state, pr *oidc.Provider, err error) {
		if err != nil {
			r.Err = err
			end(st)
			return
		}
		e.spawn(func() {
			ctx, cancel := context.WithTimeout(trace.WithOp(e.opCtx(), string(r.Kind)), endpointTimeout)
			v, err := work(ctx, pr)
			cancel()
			e.post(func(st *state) {
				r.Err = err
				switch {
				case err != nil && ev != "":
					ref, set := refusedSet(err)
					st.record(history.NewEvent(ev, r.At, ts, set, err))
					if ref != nil && ev == history.EventExchange && st.tokens == ts {
						// Shown, marked; an exchanged set is never stored or copied anyway.
						st.answers.Exchanged, st.answers.ExchangedRefused = set, ref
						r.New = set
					}
				case err == nil && st.tokens == ts:
					done(st, v)
				}
				end(st)
			})
		})
	})
}

// Userinfo calls the provider's userinfo endpoint with the access token;
// the claims arrive in Snapshot.Userinfo.
func (ws *Workspace) Userinfo(profile string) OpID {
	return ws.command(profile, func(e *entry, st *state, id OpID) {
		r := &OpResult{ID: id, Kind: OpUserinfo, At: ws.clock.Now(), Old: st.tokens}
		ts := st.tokens
		if ts == nil || ts.AccessToken == "" {
			r.Err = errors.New("userinfo: no access token: log in first")
			st.finish(r)
			return
		}
		name := st.profile.Name
		e.call(st, r, "", false, func(ctx context.Context, pr *oidc.Provider) (any, error) {
			ui, err := pr.Userinfo(ctx, ts.AccessToken, ts.DPoP)
			if remembered.RefusedAtResource(err) {
				err = errors.Join(err, e.forgetDead(ctx, name, ts.AccessToken))
			}
			return ui, err
		}, func(st *state, v any) {
			ui := v.(*oidc.Userinfo)
			st.answers.Userinfo = ui
			// The answer is shown either way; one about another user is
			// said to be so (OpenID Connect Core §5.3.2).
			if c := check.UserinfoSub(ui.Subject, ts.ID); c.Status == check.CheckFail {
				r.Err = check.RefusalOf("userinfo", nil, c)
			}
		})
	})
}

// Introspect asks the provider about one of the session's tokens (RFC
// 7662); the answer arrives in Snapshot.Introspections.
func (ws *Workspace) Introspect(profile string, k TokenKind) OpID {
	return ws.command(profile, func(e *entry, st *state, id OpID) { e.introspect(st, id, k, false) })
}

func (e *entry) introspect(st *state, id OpID, k TokenKind, quiet bool) {
	r := &OpResult{ID: id, Kind: OpInspect, At: e.ws.clock.Now(), Old: st.tokens}
	tok, hint := pick(st.tokens, k)
	if tok == "" {
		r.Err = fmt.Errorf("introspection: there is no %s token", k)
		st.finish(r)
		return
	}
	name := st.profile.Name
	var storeErr error // set off the actor, read in done after it
	e.call(st, r, "", quiet, func(ctx context.Context, pr *oidc.Provider) (any, error) {
		in, err := pr.Introspect(ctx, tok, hint)
		if err == nil && !in.Active {
			storeErr = e.forgetDead(ctx, name, tok)
		}
		return in, err
	}, func(st *state, v any) {
		r.StoreErr = storeErr
		st.answers.Introspections = withAnswer(st.answers.Introspections, tok, v.(*oidc.Introspection))
	})
}

// introspectOpaque introspects the opaque access and refresh tokens of the
// current set, when the profile has an introspection endpoint, so their
// expiry and scope are known.
func (e *entry) introspectOpaque(st *state) {
	ts := st.tokens
	if ts == nil || st.prov == nil || st.prov.Endpoints().IntrospectionURL == "" {
		return
	}
	for _, k := range []TokenKind{AccessToken, RefreshToken} {
		tok, _ := pick(ts, k)
		d := ts.Access
		if k == RefreshToken {
			d = ts.Refresh
		}
		if tok != "" && d.Format == jose.FormatOpaque && st.answers.Introspections[tok] == nil {
			e.introspect(st, OpID(e.ws.ops.Add(1)), k, true)
		}
	}
}

// Revoke revokes one of the session's tokens (RFC 7009) and, where the
// provider introspects, asks again to confirm; Snapshot.Revoked marks it.
func (ws *Workspace) Revoke(profile string, k TokenKind) OpID {
	return ws.command(profile, func(e *entry, st *state, id OpID) {
		r := &OpResult{ID: id, Kind: OpRevoke, At: ws.clock.Now(), Old: st.tokens}
		tok, hint := pick(st.tokens, k)
		if tok == "" {
			r.Err = fmt.Errorf("revocation: there is no %s token", k)
			st.finish(r)
			return
		}
		name := st.profile.Name
		var storeErr error // set off the actor, read in done after it
		e.call(st, r, history.EventRevoke, false, func(ctx context.Context, pr *oidc.Provider) (any, error) {
			if err := pr.Revoke(ctx, tok, hint); err != nil {
				return nil, err
			}
			storeErr = e.forgetDead(ctx, name, tok)
			if pr.Endpoints().IntrospectionURL == "" {
				return (*oidc.Introspection)(nil), nil
			}
			in, err := pr.Introspect(ctx, tok, hint)
			if err != nil {
				return (*oidc.Introspection)(nil), nil // revoked; the confirmation failed
			}
			return in, nil
		}, func(st *state, v any) {
			r.StoreErr = storeErr
			st.answers.Revoked = withAnswer(st.answers.Revoked, tok, true)
			if in, _ := v.(*oidc.Introspection); in != nil {
				st.answers.Introspections = withAnswer(st.answers.Introspections, tok, in)
			}
			st.record(revokeEvent(r.At, tok, hint))
		})
	})
}

// Logout runs RP-initiated logout in the browser with the ID token, then
// clears the session (and its keyring copy when remembered).
func (ws *Workspace) Logout(profile string) OpID {
	return ws.command(profile, func(e *entry, st *state, id OpID) {
		r := &OpResult{ID: id, Kind: OpLogout, At: ws.clock.Now(), Old: st.tokens}
		if st.tokens == nil {
			r.Err = errors.New("logout: not logged in")
			st.finish(r)
			return
		}
		idToken := st.tokens.IDToken
		e.call(st, r, history.EventLogout, false, func(ctx context.Context, pr *oidc.Provider) (any, error) {
			if pr.Endpoints().EndSessionURL == "" {
				return nil, nil // nothing to tell the provider: clear here
			}
			return nil, pr.Logout(ctx, idToken, oidc.LogoutOptions{})
		}, func(st *state, _ any) {
			st.newGeneration(true)
			st.setTokens(nil, false)
			if st.remember.On {
				r.StoreErr = e.dropStoredRefresh(st, st.profile.Name)
			}
			st.record(history.Event{At: r.At, Kind: history.EventLogout})
		})
	})
}

// Exchange runs a token exchange (RFC 8693). An empty o.SubjectToken
// means the session's access token; the result arrives in
// Snapshot.Exchanged and does not replace the session's tokens.
func (ws *Workspace) Exchange(profile string, o oidc.TokenExchangeOptions) OpID {
	return ws.command(profile, func(e *entry, st *state, id OpID) {
		r := &OpResult{ID: id, Kind: OpExchange, At: ws.clock.Now(), Old: st.tokens}
		if o.SubjectToken == "" && st.tokens != nil {
			o.SubjectToken = st.tokens.AccessToken
		}
		e.call(st, r, history.EventExchange, false, func(ctx context.Context, pr *oidc.Provider) (any, error) {
			return pr.ExchangeToken(ctx, o)
		}, func(st *state, v any) {
			ts := v.(*auth.TokenSet)
			st.answers.Exchanged, st.answers.ExchangedRefused = ts, nil
			r.New = ts
			st.record(history.NewEvent(history.EventExchange, r.At, nil, ts, nil))
		})
	})
}
