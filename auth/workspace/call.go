package workspace

import (
	"context"
	"errors"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"
)

// callMinValid is how long the access token must still live for a call to
// send it as it is; a staler one is refreshed first.
const callMinValid = 10 * time.Second

// CallResult is the last request sent to an API from the window (Try it).
type CallResult struct {
	Request oidc.CallRequest
	Answer  *oidc.CallAnswer
	// Refusal explains a 401 or 403 answer's challenge (nil otherwise).
	Refusal *oidc.Refusal
	// Refreshed is set when the tokens were refreshed first (the access
	// token was about to expire).
	Refreshed bool
	// TokenRef names the access token sent (its jti or fingerprint); ""
	// when none was: the answer then shows what the resource asks for.
	TokenRef string
	At       time.Time
}

// Call sends req to an API with the profile's access token (Bearer, or DPoP
// with a fresh proof for a DPoP-bound session), refreshing first when the
// token expires within callMinValid, or after the refresh in flight;
// without tokens it is sent without one.
// Any HTTP answer is a success (Snapshot.Call); OpResult.Err says why
// there was none.
func (ws *Workspace) Call(profile string, req oidc.CallRequest) OpID {
	return ws.command(profile, func(e *entry, st *state, id OpID) { e.startCall(st, id, req) })
}

func (e *entry) startCall(st *state, id OpID, req oidc.CallRequest) {
	ts := st.tokens
	stale := ts != nil && ts.RefreshToken != "" && !ts.ValidFor(e.ws.clock.Now(), callMinValid)
	if stale && st.refresh == nil && st.refused == nil {
		e.startRefresh(st, OpID(e.ws.ops.Add(1)), Manual)
	}
	if op := st.refresh; op != nil {
		// A refresh in flight (asked for, or started here): the call
		// goes with the tokens it brings.
		op.then = append(op.then, func(st *state) { e.sendCall(st, id, req, true) })
		return
	}
	e.sendCall(st, id, req, false)
}

// sendCall sends req with the tokens there are now.
func (e *entry) sendCall(st *state, id OpID, req oidc.CallRequest, refreshed bool) {
	ts := st.tokens
	r := &OpResult{ID: id, Kind: OpCall, At: e.ws.clock.Now(), Old: ts}
	var tok oidc.CallToken
	if ts != nil && ts.AccessToken != "" {
		if st.refused != nil {
			r.Err = errors.New("call: the tokens came in an answer that fails a check (see the banner): press Use anyway to send them")
			st.finish(r)
			return
		}
		tok = oidc.CallToken{AccessToken: ts.AccessToken, DPoP: ts.DPoP}
	}
	e.call(st, r, "", false, func(ctx context.Context, pr *oidc.Provider) (any, error) {
		return pr.Call(ctx, req, tok)
	}, func(st *state, v any) {
		a := v.(*oidc.CallAnswer)
		res := &CallResult{Request: req, Answer: a, Refusal: oidc.ExplainRefusal(a), Refreshed: refreshed, At: r.At}
		if ts != nil && tok.AccessToken != "" {
			res.TokenRef = ts.Access.Ref()
		}
		st.answers.Call = res
	})
}

// runThen runs what waited for a refresh to end, whatever its outcome.
func (op *refreshOp) runThen(st *state) {
	then := op.then
	op.then = nil
	for _, f := range then {
		f(st)
	}
}
