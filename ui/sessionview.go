package ui

// Showing the current session: token views, links, signatures, countdowns.

import (
	"context"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// showSession fills every view from the current profile's tokens.
func (u *UI) showSession() {
	u.setBusy()
	ts := u.current()
	now := u.deps.Now()
	if ts == nil {
		hint := "Press Log in (Ctrl+L) — a browser window opens and you sign in there."
		if u.profile.Demo {
			hint += "\nThe demo profile uses the built-in demo provider: no account needed."
		}
		u.access.setEmpty(hint)
		u.refreshTok.setEmpty("No refresh token yet.")
		u.id.setEmpty("No ID token yet.")
		u.response.set(nil)
		u.history.set(u.sessionHistory())
		u.Tick(now)
		return
	}
	links := linkNotes(ts)
	if restored(ts) {
		u.access.setEmpty("Session restored from the keyring: no access token yet.\nPress Refresh (Ctrl+R) to get new tokens.")
		links["refresh"] = nil // no access token to link to yet
	} else {
		u.access.set(accessForCountdown(ts), links["access"], now)
	}
	if ts.RefreshToken != "" {
		u.refreshTok.set(ts.Refresh, links["refresh"], now)
	} else {
		u.refreshTok.setEmpty("The provider sent no refresh token (ask for offline_access?).")
	}
	if ts.IDToken != "" {
		u.id.set(ts.ID, links["id"], now)
	} else if restored(ts) {
		u.id.setEmpty("No ID token yet: press Refresh (Ctrl+R).")
	} else {
		u.id.setEmpty("No ID token (the openid scope was not granted).")
	}
	if restored(ts) {
		u.response.set(nil)
	} else {
		u.response.set(ts)
	}
	u.history.set(u.sessionHistory())
	u.verify(ts)
	u.Tick(now)
}

func (u *UI) sessionHistory() []auth.Event {
	if s := u.session(); s != nil {
		return s.History()
	}
	return nil
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

// verify checks the three signatures in the background, once per token.
func (u *UI) verify(ts *auth.TokenSet) {
	s := u.session()
	if s == nil {
		return
	}
	views := map[*tokenView]auth.Decoded{u.access: ts.Access}
	if ts.RefreshToken != "" {
		views[u.refreshTok] = ts.Refresh
	}
	if ts.IDToken != "" {
		views[u.id] = ts.ID
	}
	for v, d := range views {
		if d.Format != auth.FormatJWT {
			continue
		}
		if r, ok := u.verified[d.Raw]; ok {
			v.setSignature(r)
			continue
		}
		v, d := v, d
		pr := s.Provider()
		u.background(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			r := pr.Verifier().Verify(ctx, d)
			u.do(func() {
				if len(u.verified) > 64 { // a day of refreshes: keep it small
					clear(u.verified)
				}
				u.verified[d.Raw] = r
				if v.decoded.Raw == d.Raw {
					v.setSignature(r)
					if u.deps.Logf != nil {
						u.deps.Logf("signature of the %s: %s", strings.ToLower(v.title), r.Status)
					}
				}
			})
		})
	}
}

// Tick updates every countdown to now and runs auto-refresh when due.
// One call per second from Run; tests call it with chosen times.
func (u *UI) Tick(now time.Time) {
	for _, t := range []struct {
		v     *tokenView
		item  *navItem
		label string
	}{{u.access, u.tabAccess, "Access"}, {u.refreshTok, u.tabRefresh, "Refresh"}, {u.id, u.tabID, "ID"}} {
		c := t.v.tick(now)
		t.item.showCountdown(t.label, t.v.decoded.Format != "", c)
	}
	u.decode.tick(now)
	u.autoRefresh(now)
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
