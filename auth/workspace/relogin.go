package workspace

import "github.com/tokeninspector/tokeninspector/auth"

// SetAutoRelogin switches automatic re-login for the profile (off by
// default): when a refresh is refused because the refresh token is dead
// (invalid_grant), a browser login starts by itself, as if the user had
// pressed Log in again. The tokens on screen stay until it succeeds.
func (ws *Workspace) SetAutoRelogin(profile string, on bool) {
	ws.command(profile, func(e *entry, st *state, _ OpID) {
		st.autoRelogin = on
		st.changed()
	})
}

// reloginIfDead starts the automatic re-login after a refresh failed
// with err, when the profile asked for it and no login runs yet.
func (e *entry) reloginIfDead(st *state, err error) {
	if !st.autoRelogin || !auth.NeedsLogin(err) || st.login != nil {
		return
	}
	e.startLogin(st, OpID(e.ws.ops.Add(1)))
}
