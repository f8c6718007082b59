package ui

// Drawing the selected profile's snapshot: token views, links,
// signatures, countdowns.

import (
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// draw fills every view from the selected profile's snapshot.
func (u *UI) draw() {
	s := u.current()
	v := u.views
	u.bar.draw(s)
	ts := s.Tokens
	now := u.deps.Now()
	if ts == nil {
		hint := "Press Log in (Ctrl+L) — a browser window opens and you sign in there."
		if s.Profile.Demo {
			hint += "\nThe demo profile uses the built-in demo provider: no account needed."
		}
		v.access.setEmpty(hint)
		v.refreshTok.setEmpty("No refresh token yet.")
		v.id.setEmpty("No ID token yet.")
		v.response.set(nil)
		v.history.set(s.History)
		u.Tick(now)
		return
	}
	links := linkNotes(ts)
	if s.Restored {
		v.access.setEmpty("Session restored from the keyring: no access token yet.\nPress Refresh (Ctrl+R) to get new tokens.")
		links["refresh"] = nil // no access token to link to yet
	} else {
		v.access.set(accessForCountdown(ts), links["access"], now)
	}
	if ts.RefreshToken != "" {
		v.refreshTok.set(ts.Refresh, links["refresh"], now)
	} else {
		v.refreshTok.setEmpty("The provider sent no refresh token (ask for offline_access?).")
	}
	switch {
	case ts.IDToken != "":
		v.id.set(ts.ID, links["id"], now)
	case s.Restored:
		v.id.setEmpty("No ID token yet: press Refresh (Ctrl+R).")
	default:
		v.id.setEmpty("No ID token (the openid scope was not granted).")
	}
	if s.Restored {
		v.response.set(nil)
	} else {
		v.response.set(ts)
	}
	v.history.set(s.History)
	u.drawSignatures(s)
	u.Tick(now)
}

// drawSignatures shows the workspace's signature checks; a JWT whose check
// has not come back yet says so.
func (u *UI) drawSignatures(s workspace.Snapshot) {
	for _, tv := range []*tokenView{u.views.access, u.views.refreshTok, u.views.id} {
		d := tv.decoded
		if d.Format != auth.FormatJWT {
			continue
		}
		if r, ok := s.Signatures[d.Raw]; ok {
			tv.setSignature(r)
			if tv.sigLogged != d.Raw && u.deps.Logf != nil {
				tv.sigLogged = d.Raw
				u.deps.Logf("signature of the %s: %s", strings.ToLower(tv.title), r.Status)
			}
		} else {
			tv.setSignature(auth.Verification{Detail: "being checked…"})
		}
	}
}

// linkNotes turns auth.LinkTokens into notes per token and claim.
func linkNotes(ts *auth.TokenSet) map[string]map[string]string {
	out := map[string]map[string]string{"access": {}, "refresh": {}, "id": {}}
	for _, l := range auth.LinkTokens(ts.Access, ts.Refresh, ts.ID) {
		mark := "✓"
		if !l.OK {
			mark = "✗ " + l.Detail
		}
		out[l.From][l.Claim] = "= " + l.To + " token " + mark
		if l.To == "access" {
			out["access"]["jti"] = joinNote(out["access"]["jti"], "= "+l.From+" "+l.Claim+" "+mark)
		}
	}
	return out
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// Tick updates every countdown to now. One call per second from Run;
// tests call it with chosen times.
func (u *UI) Tick(now time.Time) {
	v := u.views
	for _, t := range []struct {
		v     *tokenView
		item  *navItem
		label string
	}{{v.access, v.tabAccess, "Access"}, {v.refreshTok, v.tabRefresh, "Refresh"}, {v.id, v.tabID, "ID"}} {
		c := t.v.tick(now)
		t.item.showCountdown(t.label, t.v.decoded.Format != "", c)
	}
	v.decode.tick(now)
}

// accessForCountdown is the decoded access token, with exp and iat taken
// from expires_in and the time received when the token itself carries none
// (opaque tokens), so its countdown still runs.
func accessForCountdown(ts *auth.TokenSet) auth.Decoded {
	d := ts.Access
	if exp, ok := ts.Expiry(); ok && d.ExpiresAt.IsZero() {
		d.ExpiresAt, d.IssuedAt = exp, ts.ReceivedAt
	}
	return d
}
