package workspace

import (
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth"
)

// saveDemo saves a demo-provider profile named name, changed by edit.
func (h *harness) saveDemo(name string, edit func(*auth.Profile)) {
	h.t.Helper()
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin = name, false
	edit(&p)
	if _, err := h.ws.SaveProfile("", p); err != nil {
		h.t.Fatal(err)
	}
	h.ws.Wait()
}

func TestClientCredentialsGrant(t *testing.T) {
	h := newHarness(t)
	h.saveDemo("m2m", func(p *auth.Profile) { p.Grant, p.Scopes = auth.GrantClientCredentials, []string{"api"} })
	s := h.login("m2m")
	if s.Tokens.AccessToken == "" || s.Tokens.RefreshToken != "" || s.Tokens.IDToken != "" {
		t.Fatalf("client credentials: %v; want an access token only", s.Tokens)
	}
	if s.Prompt != nil {
		t.Error("a client credentials grant showed a browser prompt")
	}
}

// The device login shows its code and URI in the prompt, polls on the
// workspace's clock, and ends with tokens (the demo provider approves).
func TestDeviceGrantShowsTheCodeAndPollsOnTheClock(t *testing.T) {
	h := newHarness(t)
	h.saveDemo("tv", func(p *auth.Profile) { p.Grant = auth.GrantDeviceCode })
	id := h.ws.Login("tv")
	var code *oidc.DeviceAuthorization
	waitFor(t, func() bool {
		s := h.snap("tv")
		if s.Prompt != nil && s.Prompt.Device != nil {
			code = s.Prompt.Device
		}
		return code != nil
	})
	if code.UserCode == "" || code.BrowserURI() == "" || code.ExpiresAt.IsZero() {
		t.Fatalf("device prompt %v; want a user code, a URI and an expiry", code)
	}
	waitFor(t, func() bool {
		h.clock.Advance(code.Interval)
		r := h.snap("tv").LastOp
		return r.Answers(id)
	})
	h.ws.Wait()
	s := h.snap("tv")
	if !s.LastOp.OK() || s.Tokens == nil || s.Prompt != nil {
		t.Fatalf("device login: %+v", s.LastOp)
	}
}

func TestUserinfoIntrospectRevoke(t *testing.T) {
	h := newHarness(t)
	s := h.login("demo")
	id := h.ws.Userinfo("demo")
	h.ws.Wait()
	s = h.snap("demo")
	if !s.LastOp.Answers(id) || !s.LastOp.OK() || s.Userinfo == nil || s.Userinfo.Subject == "" {
		t.Fatalf("userinfo: %+v", s.LastOp)
	}
	h.ws.Introspect("demo", RefreshToken)
	h.ws.Wait()
	s = h.snap("demo")
	if in := s.Introspections[s.Tokens.RefreshToken]; in == nil || !in.Active {
		t.Fatalf("introspection of the refresh token: %+v", in)
	}
	id = h.ws.Revoke("demo", RefreshToken)
	h.ws.Wait()
	s = h.snap("demo")
	if !s.LastOp.Answers(id) || !s.LastOp.OK() || !s.Revoked[s.Tokens.RefreshToken] {
		t.Fatalf("revoke: %+v", s.LastOp)
	}
	if in := s.Introspections[s.Tokens.RefreshToken]; in == nil || in.Active {
		t.Errorf("after revoking, introspection says %+v; want inactive", in)
	}
	if h.refresh("demo").LastOp.OK() {
		t.Error("a revoked refresh token still refreshed")
	}
}

func TestTokenExchangeKeepsTheSession(t *testing.T) {
	h := newHarness(t)
	before := h.login("demo")
	id := h.ws.Exchange("demo", oidc.TokenExchangeOptions{Audience: "downstream-api"})
	h.ws.Wait()
	s := h.snap("demo")
	if !s.LastOp.Answers(id) || !s.LastOp.OK() || s.Exchanged == nil || s.Exchanged.IssuedTokenType == "" {
		t.Fatalf("exchange: %+v", s.LastOp)
	}
	if s.Tokens != before.Tokens {
		t.Error("the exchange replaced the session's tokens")
	}
	if last := s.History[len(s.History)-1]; last.Kind != history.EventExchange {
		t.Errorf("history ends with %s; want the exchange", last.Kind)
	}
}

func TestLogoutClearsTheSessionAndItsKeyringCopy(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.ws.SetRemember("demo", true)
	h.login("demo")
	id := h.ws.Logout("demo")
	h.ws.Wait()
	s := h.snap("demo")
	if !s.LastOp.Answers(id) || !s.LastOp.OK() || s.Tokens != nil {
		t.Fatalf("logout: %+v", s.LastOp)
	}
	if storedRefresh(store, "demo") != "" {
		t.Error("the keyring still holds the session after logout")
	}
}
