package workspace

import (
	"errors"
	"slices"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/history"
)

// OpUseAnyway is the user's "Use anyway" on tokens the provider's answer
// was refused for: from then on they are remembered, auto-refreshed and
// copied like any other.
const OpUseAnyway OpKind = "use anyway"

// Refusal says why the session's tokens fail a check a client MUST make
// (auth.RefusedAnswerError). While Snapshot.Refused is set the tokens are
// shown only: not written to the keyring, not auto-refreshed, not copied.
type Refusal struct {
	// Op is what got the tokens: "code exchange", "refresh"…
	Op string
	// Check is the first failed check's name, Reason its sentence.
	Check, Reason string
	// Failed names every failed check, Check first.
	Failed []string
}

// refusedSet returns the refusal in err and the token set it carries, when
// err is an *auth.RefusedAnswerError with a token set (nil, nil otherwise).
func refusedSet(err error) (*Refusal, *auth.TokenSet) {
	var re *auth.RefusedAnswerError
	if !errors.As(err, &re) || re.Set == nil {
		return nil, nil
	}
	return &Refusal{Op: re.Op, Check: re.Check, Reason: re.Reason, Failed: slices.Clone(re.Failed)}, re.Set
}

// setRefused shows a refused answer's tokens, marked: nothing stores,
// schedules or copies them until UseAnyway.
func (st *state) setRefused(ref *Refusal, ts *auth.TokenSet) {
	st.setTokens(ts, false)
	st.refused = ref
	st.changed()
}

// UseAnyway takes the profile's refused tokens as if the provider's answer
// had passed its checks: stored when Remember is on, auto-refreshed. It does
// nothing (and says so in OpResult.Err) when the tokens are not refused.
func (ws *Workspace) UseAnyway(profile string) OpID {
	return ws.command(profile, func(e *entry, st *state, id OpID) { e.useAnyway(st, id) })
}

// ErrNotRefused says there were no refused tokens to use anyway.
var ErrNotRefused = errors.New("the session's tokens are not refused: nothing to use anyway")

func (e *entry) useAnyway(st *state, id OpID) {
	r := &OpResult{ID: id, Kind: OpUseAnyway, At: e.ws.clock.Now(), Old: st.tokens}
	if st.refused == nil || st.tokens == nil {
		r.Err = ErrNotRefused
		st.finish(r)
		return
	}
	st.refused = nil
	r.StoreErr = e.storeTokens(st, st.tokens)
	r.New = st.tokens
	st.auto.reset()
	ev := history.NewEvent(history.EventUseAnyway, r.At, nil, st.tokens, nil)
	st.record(ev)
	st.finish(r)
}
