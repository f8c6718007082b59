package workspace

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// call sends req for profile and returns the snapshot once it is answered.
func (h *harness) call(profile string, req oidc.CallRequest) Snapshot {
	h.t.Helper()
	id := h.ws.Call(profile, req)
	h.ws.Wait()
	s := h.snap(profile)
	if !s.LastOp.Answers(id) || s.LastOp.Kind != OpCall {
		h.t.Fatalf("call: last op %+v is not %d", s.LastOp, id)
	}
	return s
}

func TestCallSendsTheTokenRefreshesFirstAndTraces(t *testing.T) {
	h := newHarness(t)
	api := h.issuer + "/api/orders"
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin, p.Resources = "api", false, []string{api}
	if _, err := h.ws.SaveProfile("", p); err != nil {
		t.Fatal(err)
	}
	h.ws.Wait()

	// Logged out: sent without a token, the challenge says what it wants.
	s := h.call("api", oidc.CallRequest{URL: api})
	if c := s.Call; !s.LastOp.OK() || c == nil || c.Answer.Status != http.StatusUnauthorized || c.TokenRef != "" ||
		c.Refusal == nil || c.Refusal.Fix != oidc.FixLogin || c.Refusal.Scope != "orders.read" {
		t.Fatalf("logged out: %+v / %+v", s.LastOp, s.Call)
	}

	first := h.login("api")
	s = h.call("api", oidc.CallRequest{Method: http.MethodGet, URL: api})
	if c := s.Call; c.Answer.Status != http.StatusOK || c.Refusal != nil || c.Refreshed || c.TokenRef != first.Tokens.Access.Ref() ||
		!strings.Contains(string(c.Answer.JSON), "your token is for this resource") {
		t.Fatalf("logged in: %+v", s.Call)
	}

	// About to expire: refreshed first, then sent.
	exp, _ := first.Tokens.Expiry()
	h.advance(exp.Sub(h.clock.Now()) - 5*time.Second)
	s = h.call("api", oidc.CallRequest{URL: api})
	if c := s.Call; c.Answer.Status != http.StatusOK || !c.Refreshed || s.Tokens.AccessToken == first.Tokens.AccessToken || c.TokenRef != s.Tokens.Access.Ref() {
		t.Fatalf("stale token: refreshed %v, status %d", c.Refreshed, c.Answer.Status)
	}

	// The trace: the login's browser URL and callback, token requests,
	// the calls; the latest run is the last call; no token in it.
	ops := map[string]bool{}
	kinds := map[string]bool{}
	for _, e := range s.Trace {
		ops[e.Op], kinds[e.Kind] = true, true
	}
	for _, op := range []string{"discovery", "login", "refresh", "call"} {
		if !ops[op] {
			t.Errorf("no %s in the trace (%v)", op, ops)
		}
	}
	if !kinds[trace.KindBrowser] || !kinds[trace.KindCallback] || !kinds[trace.KindRequest] {
		t.Errorf("kinds %v", kinds)
	}
	latest := trace.LatestRun(s.Trace)
	if len(latest) != 1 || latest[0].Op != "call" || latest[0].Status != http.StatusOK ||
		!strings.HasPrefix(headerOf(latest[0].Request, "Authorization"), "Bearer <redacted: jwt, sha256 #") {
		t.Errorf("latest run: %+v", latest)
	}
	all, _ := json.Marshal(s.Trace)
	for _, ts := range []*auth.TokenSet{first.Tokens, s.Tokens} {
		for _, tok := range []string{ts.AccessToken, ts.RefreshToken, ts.IDToken} {
			if tok != "" && strings.Contains(string(all), tok) {
				t.Errorf("the trace holds a token (%.12s…)", tok)
			}
		}
	}
}

func TestCallExplainsTokenForAnotherResource(t *testing.T) {
	h := newHarness(t)
	h.login("demo") // no resource asked for: its token has no aud
	s := h.call("demo", oidc.CallRequest{URL: h.issuer + "/api/orders"})
	c := s.Call
	if c == nil || c.Answer.Status != http.StatusUnauthorized || c.Refusal == nil || c.Refusal.Error != "invalid_token" ||
		c.Refusal.Fix != oidc.FixRefresh || !strings.Contains(c.Refusal.Explanation, "another resource") {
		t.Fatalf("call = %+v refusal %+v", c, c.Refusal)
	}
	// No answer at all is the operation's error.
	s = h.call("demo", oidc.CallRequest{URL: "http://127.0.0.1:1/"})
	if s.LastOp.Err == nil {
		t.Error("a call with no answer succeeded")
	}
}

func headerOf(m trace.Message, name string) string {
	for _, h := range m.Header {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}
