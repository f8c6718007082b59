package workspace

import (
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// saveHistory hands the profile's history to the history files when the
// step changed it, moves it when the profile was renamed, and removes it
// when the profile was deleted.
func (e *entry) saveHistory(st *state) {
	name := st.profile.Name
	switch {
	case st.deleted:
		if st.historyName != "" || st.historyDirty {
			e.ws.history.remove(name)
			st.historyName = ""
		}
		st.historyDirty = false
		return
	case st.historyName != "" && st.historyName != name: // renamed
		e.ws.history.remove(st.historyName)
		st.historyDirty = true
	}
	if !st.historyDirty {
		return
	}
	st.historyDirty = false
	st.historyName = name
	e.ws.history.save(name, st.history.file())
}

// revokeEvent is the history entry of a revocation: the revoked token
// (its jti or fingerprint) goes, nothing comes.
func revokeEvent(at time.Time, tok, hint string) history.Event {
	ev := history.Event{At: at, Kind: history.EventRevoke}
	ref := jose.UnverifiedDecode(tok).Ref()
	switch hint {
	case oidc.HintRefreshToken:
		ev.RefreshJTI[0] = ref
	case oidc.HintAccessToken:
		ev.AccessJTI[0] = ref
	}
	return ev
}
