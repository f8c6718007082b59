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
	v := newTryItView(u.onCall, u.onCallFix, func(s, what string) { u.copyText(s, what) })
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
