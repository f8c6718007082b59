package ui

// Drawing the selected profile's snapshot: token views, links,
// signatures, countdowns.

import (
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// draw fills every view from the selected profile's snapshot.
func (u *UI) draw() {
	s := u.current()
	v := u.views
	u.claimDictionaries(s.Profile.Preset)
	u.bar.draw(s)
	v.refused.set(s)
	ts := s.Tokens
	now := u.deps.Now()
	if ts == nil {
		v.access.setEmpty(noTokensHint(s))
		v.refreshTok.setEmpty("No refresh token yet.")
		v.id.setEmpty("No ID token yet.")
		v.response.set(nil)
		v.history.set(s.Profile.Name, s.History, s.HistoryStart)
		u.drawEndpoints(s)
		u.Tick(now)
		return
	}
	if ts.AccessToken == "" && ts.AuthorizationResponse != nil {
		// A refused JARM response: its code was never exchanged.
		msg := "No tokens: the provider's authorization response was refused, so its code was not exchanged (the Response view shows the response and its checks)."
		v.access.setEmpty(msg)
		v.refreshTok.setEmpty(msg)
		v.id.setEmpty(msg)
		v.response.set(ts)
		v.history.set(s.Profile.Name, s.History, s.HistoryStart)
		u.drawEndpoints(s)
		u.Tick(now)
		return
	}
	links := linkNotes(ts)
	if s.Restored {
		v.access.setEmpty("Session restored from the keyring: no access token yet.\nPress Refresh (Ctrl+R) to get new tokens.")
		links["refresh"] = tokenLinks{} // no access token to link to yet
	} else {
		v.access.set(s.Timed(workspace.AccessToken), links["access"], now)
	}
	if ts.RefreshToken != "" {
		v.refreshTok.set(s.Timed(workspace.RefreshToken), links["refresh"], now)
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
	v.history.set(s.Profile.Name, s.History, s.HistoryStart)
	u.drawSignatures(s)
	u.drawEndpoints(s)
	u.drawChecks(s.Checks, now)
	u.Tick(now)
}

// drawSignatures shows the workspace's signature checks; a JWT whose check
// has not come back yet says so.
func (u *UI) drawSignatures(s workspace.Snapshot) {
	for _, tv := range []*tokenView{u.views.access, u.views.refreshTok, u.views.id} {
		d := tv.decoded
		if d.Format != jose.FormatJWT {
			continue
		}
		if r, ok := s.Signatures[d.Raw]; ok {
			tv.setSignature(r)
			if tv.sigLogged != d.Raw && u.deps.Logf != nil {
				tv.sigLogged = d.Raw
				u.deps.Logf("signature of the %s: %s", strings.ToLower(tv.title), r.Status)
			}
		} else {
			tv.setSignature(check.Verification{Detail: "being checked…"})
		}
	}
}

// tokenLinks is what one token view says about the links between the
// tokens of its response: a note per claim for the table, and one
// sentence per link for the line above it.
type tokenLinks struct {
	notes map[string]string
	lines []string
}

// tokenNames name the tokens in link sentences.
var tokenNames = map[string]string{"access": "access token", "refresh": "refresh token", "id": "ID token",
	history.KindAuthorizationDetails: "authorization_details (granted)"}

// linkClaim is the claim of the To token that a link compares with.
func linkClaim(l check.Link) string {
	if l.Claim == "at_hash" {
		return "hash"
	}
	return "jti"
}

// linkNotes turns check.LinkTokens into one sentence per link for each of
// the two tokens it joins ("refresh token's ati = this token's jti ✓"),
// and a note on the claim that holds it.
func linkNotes(ts *auth.TokenSet) map[string]tokenLinks {
	out := map[string]tokenLinks{}
	for _, k := range []string{"access", "refresh", "id"} {
		out[k] = tokenLinks{notes: map[string]string{}}
	}
	add := func(token, line string) {
		tl := out[token]
		tl.lines = append(tl.lines, line)
		out[token] = tl
	}
	for _, l := range check.LinkTokens(ts.Access, ts.Refresh, ts.ID) {
		mark := "✓"
		if !l.OK {
			mark = "✗ " + l.Detail
		}
		to := linkClaim(l)
		out[l.From].notes[l.Claim] = "= the " + tokenNames[l.To] + "'s " + to + " " + mark
		add(l.From, "this token's "+l.Claim+" = the "+tokenNames[l.To]+"'s "+to+" "+mark)
		add(l.To, "the "+tokenNames[l.From]+"'s "+l.Claim+" = this token's "+to+" "+mark)
		if l.Claim == "ati" {
			out[l.To].notes["jti"] = "= the " + tokenNames[l.From] + "'s " + l.Claim + " " + mark
		}
	}
	return out
}

// Tick updates every countdown to now. One call per second from Run;
// tests call it with chosen times.
func (u *UI) Tick(now time.Time) {
	v := u.views
	for _, t := range [...]struct {
		v    *tokenView
		item *navItem
		kind workspace.TokenKind
	}{{v.access, v.tabAccess, workspace.AccessToken}, {v.refreshTok, v.tabRefresh, workspace.RefreshToken}, {v.id, v.tabID, workspace.IDToken}} {
		c := t.v.tickAs(now, u.current().StandingOf(t.kind, now, v.skew))
		t.item.showCountdown(t.v.decoded.Format != "", c)
	}
	if v.decode != nil {
		v.decode.tick(now)
	}
	u.device.tick(now)
	for _, a := range v.answers {
		a.tick(now)
	}
	u.profiles.draw(u.snaps, u.profile, now, v.skew)
	u.checksDue(now)
}

// noTokensHint is what the main area says while a profile has no tokens:
// what the login it waits for needs from the user, or what Log in will do
// with the profile's grant.
func noTokensHint(s workspace.Snapshot) string {
	if s.State == workspace.LoggingIn {
		if s.Prompt != nil && s.Prompt.Device != nil {
			return "Waiting for approval: enter the code " + s.Prompt.Device.UserCode + " (shown above) on any device.\nEsc cancels."
		}
		if s.Profile.Grant == auth.GrantClientCredentials {
			return "Logging in with the client's own credentials…"
		}
		return "Waiting for you to sign in in the browser…\nEsc cancels; Copy URL (Ctrl+Shift+U) if no browser opened."
	}
	if pe := missingForLogin(s.Profile); pe != nil {
		return pe.Window + ",\nthen press Log in (Ctrl+L)."
	}
	var hint string
	switch s.Profile.Grant {
	case auth.GrantDeviceCode:
		hint = "Press Log in (Ctrl+L) — a code appears here; enter it on any device (a phone, another computer)."
	case auth.GrantClientCredentials:
		hint = "Press Log in (Ctrl+L) — the client logs in with its own credentials, no browser."
	default:
		hint = "Press Log in (Ctrl+L) — a browser window opens and you sign in there."
	}
	if s.Profile.Demo {
		hint += "\nThe demo profile uses the built-in demo provider: no account needed."
	}
	return hint
}
