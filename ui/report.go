package ui

// The status line for each operation's result, said once per result.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// report says what the selected profile's last operation did, as the
// operations table (operations.go) says for its kind.
func (u *UI) report(s workspace.Snapshot) {
	r := s.LastOp
	u.seen[s.Profile.Name] = r
	u.status.endWait() // no login waits for this profile now
	if r == nil {
		u.status.info("")
		return
	}
	op, ok := windowOpOf(r.Kind)
	switch {
	case !ok:
	case op.report != nil:
		op.report(u, s, r)
	case r.Err != nil:
		u.status.failure(r.Err, false, op.keepsTokens && s.Tokens != nil)
	default:
		u.status.success(op.done(s, r))
		if a := u.views.answer(r.Kind); a != nil {
			u.views.tabs.Select(a.nav)
		}
	}
}

func (u *UI) reportLogin(s workspace.Snapshot, r *workspace.OpResult) {
	switch {
	case r.Dropped:
		u.status.info("The login was cancelled: the profile changed meanwhile.")
	case errors.Is(r.Err, context.Canceled):
		u.status.info("Login cancelled.")
	case s.Refused != nil && r.New != nil && r.New == s.Tokens:
		u.reportRefused("Login", s.Refused)
		u.views.tabs.Select(u.views.tabID)
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
	case s.Refused != nil && r.New != nil && r.New == s.Tokens:
		if mine {
			u.copyOnUse[name] = true // not now: after Use anyway
		}
		u.reportRefused("Refresh", s.Refused)
	case r.Err != nil:
		u.status.failure(r.Err, auth.NeedsLogin(r.Err), true)
	default:
		delete(u.copyOnUse, name)
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
// (jose.Fingerprint, "#" and 8 hex digits) is short already.
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

// reportRefused says that what answered was refused and its tokens are
// shown under the red banner only.
func (u *UI) reportRefused(what string, r *workspace.Refusal) {
	msg := fmt.Sprintf("%s refused: the ID token fails the “%s” check — shown for inspection only (not remembered, not auto-refreshed, not copied).", what, r.Check)
	if r.Op == oidc.AuthorizationResponseOp {
		msg = fmt.Sprintf("%s refused: the authorization response (JARM) fails the “%s” check — its code was not exchanged.", what, r.Check)
	}
	u.status.show(theme.NewErrorThemedResource(theme.ErrorIcon()), widget.DangerImportance, msg)
}

// reportUseAnyway says the refused tokens are now used as any others; a
// manual refresh that was refused copies its Bearer now.
func (u *UI) reportUseAnyway(s workspace.Snapshot, r *workspace.OpResult) {
	name := s.Profile.Name
	switch {
	case errors.Is(r.Err, workspace.ErrNotRefused):
		u.status.info("Nothing to use anyway: the tokens are not refused.")
	case r.Err != nil:
		u.status.failure(r.Err, false, s.Tokens != nil)
	default:
		msg := "Using the refused tokens anyway · " + r.At.Format("15:04:05")
		if u.copyOnUse[name] && r.New != nil && r.New.AccessToken != "" {
			u.deps.Clipboard.SetContent(r.New.Bearer())
			msg += " · Bearer copied"
		}
		delete(u.copyOnUse, name)
		u.reportStored(r, msg)
	}
}
