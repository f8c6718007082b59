package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/tokeninspector/tokeninspector/auth/oidc"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// tryItView is the Try it view, built on first use.
func (u *UI) tryItView() *tryItView {
	u.views.tabs.ensureBuilt(u.views.tabTryIt)
	return u.views.tryIt
}

// buildTryItView makes the Try it view (its navigation entry calls it).
func (u *UI) buildTryItView() fyne.CanvasObject {
	v := newTryItView(u.onCall, u.onCallFix, u.onProfileForAPI, func(s, what string) { u.copyText(s, what) })
	u.views.tryIt = v
	v.draw(u.current())
	return v.root
}

// traceView is the Trace view, built on first use.
func (u *UI) traceView() *traceView {
	u.views.tabs.ensureBuilt(u.views.tabTrace)
	return u.views.trace
}

// buildTraceView makes the Trace view (its navigation entry calls it).
func (u *UI) buildTraceView() fyne.CanvasObject {
	v := newTraceView(u.onSaveTrace)
	u.views.trace = v
	v.set(u.current().Trace)
	return v.root
}

// onCall sends the Try it request for the selected profile.
func (u *UI) onCall(req oidc.CallRequest) {
	u.ws.Call(u.profile, req)
}

// onProfileForAPI opens New profile from API URL… with the API's URL.
func (u *UI) onProfileForAPI(api string) {
	u.onNewProfileFromAPI()
	u.fromAPIOpen.url.SetText(api)
}

// onCallFix does what a refusal's explanation offers: log in (asking for
// the scope the API wants, added to the profile first), refresh and send
// again, or send again.
func (u *UI) onCallFix(r *oidc.Refusal, req oidc.CallRequest) {
	name := u.profile
	switch r.Fix {
	case oidc.FixLogin:
		if r.Scope != "" {
			p := u.current().Profile.Clone()
			missing := slices.DeleteFunc(strings.Fields(r.Scope), p.HasScope)
			if len(missing) > 0 {
				p.Scopes = append(p.Scopes, missing...)
				if _, err := u.ws.SaveProfile(name, p); err != nil {
					u.status.failure(fmt.Errorf("adding scope %s to %s: %w", strings.Join(missing, " "), name, err), false, true)
					return
				}
			}
		}
		u.onLogin()
	case oidc.FixRefresh:
		u.ws.Refresh(name, workspace.Manual)
		u.ws.Call(name, req)
	case oidc.FixRetry:
		u.ws.Call(name, req)
	}
}

// reportCall says how a call ended: the API's answer (a warning for a 4xx
// or 5xx, with what a refusal means), or why there was none; the Try it
// view shows it.
func (u *UI) reportCall(s workspace.Snapshot, r *workspace.OpResult) {
	c := s.Call
	switch {
	case r.Err != nil:
		u.status.failure(r.Err, false, s.Tokens != nil)
		return
	case c == nil || c.Answer == nil:
		u.status.info("The call's answer was dropped: the tokens changed meanwhile.")
		return
	}
	msg := fmt.Sprintf("The API answered HTTP %d in %s (%s; Try it shows it, Trace its requests).", c.Answer.Status, roundMS(c.Answer.Time), r.At.Format("15:04:05"))
	switch {
	case c.Refusal != nil:
		hint := "Refused"
		if c.Refusal.Error != "" {
			hint += ": " + c.Refusal.Error
		}
		hint += " — Try it says what it means"
		if f := fixLabel(c.Refusal); f != "" {
			hint += " and offers " + f
		}
		u.status.warn(msg, hint+".")
	case c.Answer.Status >= 400:
		u.status.warn(msg, "")
	default:
		u.status.success(msg)
	}
	u.views.tabs.Select(u.views.tabTryIt)
}
