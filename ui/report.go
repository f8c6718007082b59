package ui

// The status line for each operation's result, said once per result.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// report says what the selected profile's last operation did.
func (u *UI) report(s workspace.Snapshot) {
	r := s.LastOp
	u.seen[s.Profile.Name] = r
	u.status.endWait() // no login waits for this profile now
	if r == nil {
		u.status.info("")
		return
	}
	name := s.Profile.Name
	switch r.Kind {
	case workspace.OpLogin:
		u.reportLogin(s, r)
	case workspace.OpRefresh:
		u.reportRefresh(s, r)
	case workspace.OpRestore:
		switch {
		case r.Err != nil:
			u.keyringTrouble("", r.Err.Error(), r.Err)
		case s.Restored:
			u.status.success("Session restored from the keyring — press Refresh (Ctrl+R) for new tokens.")
			u.views.tabs.Select(u.views.tabRefresh)
		default:
			u.status.success("Session restored from the keyring (received " + r.New.ReceivedAt.Format("15:04:05") + ").")
		}
	case workspace.OpUserinfo, workspace.OpInspect, workspace.OpRevoke, workspace.OpLogout, workspace.OpExchange:
		u.reportEndpoint(s, r)
	case workspace.OpExport:
		if r.Err != nil {
			u.status.failure(r.Err, false, false)
			return
		}
		u.status.success("Exported to " + r.Path + " (mode 0600: it holds a live access token; no refresh token or client secret).")
	case workspace.OpSync:
		u.status.success("Tokens updated by another Token Inspector process (" + r.At.Format("15:04:05") + "): shown without a request.")
	case workspace.OpRemember:
		switch {
		case r.StoreErr != nil:
			u.keyringTrouble("", "Remember is on for "+name+", but the keyring was not updated.", r.StoreErr)
		case r.Err != nil:
			u.status.failure(r.Err, false, false)
		case s.Tokens != nil:
			u.status.success("Remembered: the refresh token of " + name + " is in the keyring and follows every rotation.")
		default:
			u.status.success("Remember is on: the session of " + name + " goes to the keyring when you log in.")
		}
	case workspace.OpForget:
		switch {
		case errors.Is(r.StoreErr, auth.ErrNoKeyring):
			u.status.success("Forgot " + name + " (no keyring: nothing was stored beyond this run; the tokens on screen stay until you quit).")
		case r.StoreErr != nil:
			u.keyringTrouble("", "Forget "+name+": the keyring entries could not be removed.", r.StoreErr)
		case r.Err != nil:
			u.status.failure(r.Err, false, false)
		default:
			u.status.success("Forgot " + name + ": its refresh token and client secret are gone from the keyring (the tokens on screen stay until you quit).")
		}
	case workspace.OpSave:
		switch {
		case r.Err != nil:
			u.status.failure(r.Err, false, false)
		case r.StoreErr != nil:
			u.keyringTrouble("Saved profile "+name, "", r.StoreErr)
		default:
			u.status.success("Saved profile " + name + " to " + r.Path)
		}
	}
}

func (u *UI) reportLogin(s workspace.Snapshot, r *workspace.OpResult) {
	switch {
	case r.Dropped:
		u.status.info("The login was cancelled: the profile changed meanwhile.")
	case errors.Is(r.Err, context.Canceled):
		u.status.info("Login cancelled.")
	case r.Err != nil:
		u.status.failure(r.Err, false, s.Tokens != nil)
	default:
		u.reportStored(r, fmt.Sprintf("Logged in %s · %s", loggedInAs(r.New), r.At.Format("15:04:05")))
		u.views.tabs.Select(u.views.tabAccess)
	}
}

func (u *UI) reportRefresh(s workspace.Snapshot, r *workspace.OpResult) {
	name := s.Profile.Name
	mine := r.Answers(u.copyOn[name]) && r.Cause == workspace.Manual
	if mine {
		delete(u.copyOn, name)
	}
	switch {
	case r.Dropped:
		if mine {
			u.status.info("The refresh was dropped: a newer login or profile edit replaced the tokens it started from.")
		}
	case errors.Is(r.Err, workspace.ErrNothingToRefresh):
		u.status.info("Log in first (Ctrl+L): there is nothing to refresh.")
	case r.Err != nil:
		u.status.failure(r.Err, auth.NeedsLogin(r.Err), true)
	default:
		if mine {
			u.deps.Clipboard.SetContent(r.New.Bearer())
		}
		msg := refreshSummary(r.Old, r.New, r.At, mine)
		if r.Cause == workspace.Auto {
			msg = "Auto-r" + msg[1:]
		}
		if r.Adopted {
			msg += " · from another Token Inspector process, which had just rotated them"
		}
		u.reportStored(r, msg)
	}
}

// refreshSummary says what rotated, for the status line.
func refreshSummary(old, ts *auth.TokenSet, at time.Time, copied bool) string {
	parts := []string{"Refreshed " + at.Format("15:04:05")}
	if copied {
		parts = append(parts, "Bearer copied")
	}
	if a, b := old.Access.Ref(), ts.Access.Ref(); b != "" {
		parts = append(parts, "access "+short(a)+" → "+short(b))
	}
	switch {
	case ts.RefreshKept:
		parts = append(parts, "no new refresh token: the old one was kept")
	case ts.RefreshRotated:
		parts = append(parts, "refresh token rotated ("+short(old.Refresh.Ref())+" → "+short(ts.Refresh.Ref())+")")
	default:
		parts = append(parts, "the same refresh token came back (no rotation)")
	}
	if ts.IDKept {
		parts = append(parts, "no new ID token: the login's is shown")
	}
	return strings.Join(parts, " · ")
}

// short abbreviates a jti to its first 8 characters; a fingerprint
// (auth.Fingerprint, "#" and 8 hex digits) is short already.
func short(id string) string {
	if id == "" {
		return "?"
	}
	if len(id) > 8 && id[0] != '#' {
		return id[:8]
	}
	return id
}

func loggedInAs(ts *auth.TokenSet) string {
	if ts == nil {
		return ""
	}
	for _, d := range []jose.Decoded{ts.ID, ts.Access} {
		for _, c := range []string{"email", "preferred_username", "sub"} {
			if f, ok := d.Claim(c); ok {
				if s, ok := f.Value.(string); ok && s != "" {
					return "as " + s
				}
			}
		}
	}
	return ""
}

// reportStored shows ok, or says why the keyring does not hold the result.
func (u *UI) reportStored(r *workspace.OpResult, ok string) {
	err := r.StoreErr
	switch {
	case err == nil:
		u.status.success(ok)
	case errors.Is(err, auth.ErrNoKeyring):
		u.keyringTrouble(ok, "", err)
	default:
		u.warn(ok+" · ⚠ the keyring copy is stale",
			"Storing the new refresh token failed ("+err.Error()+"). The new tokens work now; the keyring still holds the previous refresh token, so after a restart you may have to log in again.")
	}
}

// keyringTrouble shows a store error after what happened. ErrNoKeyring
// gets the memory-only notice instead of the failure.
func (u *UI) keyringTrouble(what, failed string, err error) {
	if errors.Is(err, auth.ErrNoKeyring) {
		msg := "No keyring reachable: remembered sessions are kept in memory only until you quit."
		if what != "" {
			msg = what + " · " + msg
		}
		reason := err.Error()
		if ke := (*auth.KeyringError)(nil); errors.As(err, &ke) {
			reason = ke.Reason
		}
		u.warn(msg, "Remember needs the OS keyring (the Secret Service on Linux), which did not answer: "+reason)
		return
	}
	if what != "" {
		failed = strings.TrimSuffix(what+" · "+failed, " · ")
	}
	u.warn(failed, err.Error())
}

// warn shows a warning with a hint line under it.
func (u *UI) warn(msg, hint string) { u.status.warn(msg, hint) }

// reportEndpoint says what one of the provider's other endpoints answered.
func (u *UI) reportEndpoint(s workspace.Snapshot, r *workspace.OpResult) {
	if r.Err != nil {
		u.status.failure(r.Err, false, s.Tokens != nil)
		return
	}
	v := u.views
	switch r.Kind {
	case workspace.OpUserinfo:
		u.status.success("Userinfo answered " + r.At.Format("15:04:05") + ".")
		v.tabs.Select(v.tabUserinfo)
	case workspace.OpInspect:
		u.status.success("The introspection endpoint answered " + r.At.Format("15:04:05") + " (shown under the token's header).")
	case workspace.OpRevoke:
		u.status.success("Revoked " + r.At.Format("15:04:05") + " (the token view marks it; introspection confirms where the provider has it).")
	case workspace.OpLogout:
		u.status.success("Logged out " + r.At.Format("15:04:05") + ": the provider ended the session and the window forgot its tokens.")
	case workspace.OpExchange:
		u.status.success("Token exchanged " + r.At.Format("15:04:05") + " · issued_token_type " + orDash(r.New.IssuedTokenType))
		v.tabs.Select(v.tabExchanged)
	}
}

// showPrompt shows a waiting login's URL with Copy and Cancel; the same
// prompt is drawn once.
func (u *UI) showPrompt(s workspace.Snapshot) {
	p := workspace.Prompt{}
	if s.Prompt != nil {
		p = *s.Prompt
	}
	if old, ok := u.prompt[s.Profile.Name]; ok && old == p && u.status.cancel.Visible() {
		return
	}
	u.prompt[s.Profile.Name] = p
	if p.Device != nil {
		if u.deps.Logf != nil && u.device.shown != p.Device {
			u.deps.Logf("device login: open %s (user code %s)", p.Device.BrowserURI(), p.Device.UserCode)
		}
		u.device.show(p.Device, p.Poll, u.deps.Now())
		u.status.waiting("Device login: enter the code below on any device.", p.URL)
		return
	}
	switch {
	case s.Prompt == nil:
		u.status.waiting("Preparing the login…", "")
	case p.OpenErr != nil:
		u.status.waiting("The browser did not open ("+p.OpenErr.Error()+"). Copy the URL into a browser:", p.URL)
	default:
		u.status.waiting("Waiting for the browser — finish signing in there.", p.URL)
	}
}
