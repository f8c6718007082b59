package workspace

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	"github.com/tokeninspector/tokeninspector/auth/history"
	"github.com/tokeninspector/tokeninspector/auth/keyring"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
)

// wrongAudience makes the provider's ID tokens name another client.
func wrongAudience(h *harness) {
	h.faults.SetFaults(demoidptest.Faults{
		IDClaims: func(m map[string]any) { m["aud"] = []any{"someone-else"} },
		Key:      h.keys.Current(),
	})
}

// refusedLogin logs in against a provider whose ID token fails the aud
// check and returns the snapshot.
func refusedLogin(t *testing.T, h *harness) Snapshot {
	t.Helper()
	wrongAudience(h)
	id := h.ws.Login("demo")
	h.ws.Wait()
	s := h.snap("demo")
	if !s.LastOp.Answers(id) || s.LastOp.Kind != OpLogin {
		t.Fatalf("last op %+v", s.LastOp)
	}
	return s
}

func TestRefusedLoginIsShownButNotRememberedOrScheduled(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.ws.SetRemember("demo", true)
	h.ws.SetAutoRefresh("demo", true, time.Minute)
	s := refusedLogin(t, h)

	var re *auth.RefusedAnswerError
	if !errors.As(s.LastOp.Err, &re) {
		t.Fatalf("login error %v; want a refused answer", s.LastOp.Err)
	}
	if s.Tokens == nil || s.Tokens.IDToken == "" || s.LastOp.New != s.Tokens {
		t.Fatalf("the refused tokens are not shown: %+v", s.Tokens)
	}
	if s.Refused == nil || s.Refused.Check != "aud" || !slices.Contains(s.Refused.Failed, "aud") || s.Refused.Reason == "" {
		t.Fatalf("Refused %+v; want the aud check with its reason", s.Refused)
	}
	if got := storedRefresh(store, "demo"); got != "" {
		t.Errorf("the keyring holds refresh token %s of a refused answer", auth.Redact(got))
	}
	if s.Remember.StoredRefresh {
		t.Error("Remember says the refused session is stored")
	}
	if !s.Auto.Next.IsZero() {
		t.Errorf("auto-refresh planned at %v for refused tokens", s.Auto.Next)
	}
	last := s.History[len(s.History)-1]
	if last.Kind != history.EventLogin || last.OK() || last.Err == nil || !strings.Contains(last.Err.Error(), `"aud"`) {
		t.Errorf("history entry %+v; want a failed login naming the aud check", last)
	}

	// Switching Remember off and on again does not store them either.
	h.ws.SetRemember("demo", false)
	h.ws.SetRemember("demo", true)
	h.ws.Wait()
	if got := storedRefresh(store, "demo"); got != "" {
		t.Error("Remember on stored the refused session")
	}

	// An hour later nothing refreshed them by itself.
	before := h.refreshes()
	h.advance(time.Hour)
	if h.refreshes() != before {
		t.Errorf("auto-refresh refreshed refused tokens (%d requests)", h.refreshes()-before)
	}
}

func TestUseAnywayRemembersAndSchedules(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.ws.SetRemember("demo", true)
	h.ws.SetAutoRefresh("demo", true, time.Minute)
	s := refusedLogin(t, h)
	h.faults.SetFaults(demoidptest.Faults{})

	id := h.ws.UseAnyway("demo")
	h.ws.Wait()
	u := h.snap("demo")
	if r := u.LastOp; !r.Answers(id) || r.Kind != OpUseAnyway || r.Err != nil || r.StoreErr != nil {
		t.Fatalf("last op %+v", r)
	}
	if u.Refused != nil || u.Tokens != s.Tokens {
		t.Fatalf("after Use anyway: refused %+v, same tokens %v", u.Refused, u.Tokens == s.Tokens)
	}
	if got := storedRefresh(store, "demo"); got != s.Tokens.RefreshToken {
		t.Errorf("keyring holds %s; want the used session's refresh token", auth.Redact(got))
	}
	if u.Auto.Next.IsZero() {
		t.Error("no auto-refresh planned after Use anyway")
	}
	if last := u.History[len(u.History)-1]; last.Kind != history.EventUseAnyway {
		t.Errorf("last history entry %+v; want use anyway", last)
	}

	// Nothing refused any more: a second Use anyway says so.
	id = h.ws.UseAnyway("demo")
	h.ws.Wait()
	if r := h.snap("demo").LastOp; !r.Answers(id) || !errors.Is(r.Err, ErrNotRefused) {
		t.Errorf("second Use anyway: %+v", r)
	}
}

func TestRefusalFollowsTheNewestAnswer(t *testing.T) {
	h := newHarness(t)
	refusedLogin(t, h)

	// A refresh whose answer fails again: the new set is shown, still refused.
	s := h.refresh("demo")
	if s.Refused == nil || s.LastOp.New == nil || s.Tokens != s.LastOp.New {
		t.Fatalf("refused refresh: refused %+v, tokens shown %v", s.Refused, s.Tokens == s.LastOp.New)
	}
	if last := s.History[len(s.History)-1]; last.Kind != history.EventRefresh || last.OK() {
		t.Errorf("history entry %+v; want a failed refresh", last)
	}

	// A later good login clears the mark.
	h.faults.SetFaults(demoidptest.Faults{})
	s = h.login("demo")
	if s.Refused != nil {
		t.Errorf("a good login left the refusal: %+v", s.Refused)
	}
}

func TestRefusedExchangeIsShownMarked(t *testing.T) {
	h := newHarness(t)
	login := h.login("demo").Tokens
	// The exchange's answer carries the login's ID token, its aud
	// changed to another client and signed again with the provider's key.
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(login.IDToken, claims); err != nil {
		t.Fatal(err)
	}
	claims["aud"] = []any{"someone-else"}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = h.keys.Current().ID
	idToken, err := tok.SignedString(h.keys.Current().Private)
	if err != nil {
		t.Fatal(err)
	}
	h.hookMu.Lock()
	h.tokenHook = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.gate.ServeHTTP(rec, r)
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
			t.Errorf("exchange answer: %v", err)
		}
		m["id_token"] = idToken
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(m)
	})
	h.hookMu.Unlock()
	id := h.ws.Exchange("demo", oidc.TokenExchangeOptions{Audience: "downstream-api"})
	h.ws.Wait()
	s := h.snap("demo")
	if !s.LastOp.Answers(id) {
		t.Fatalf("last op %+v", s.LastOp)
	}
	if s.Exchanged == nil || s.ExchangedRefused == nil || s.ExchangedRefused.Check != "aud" {
		t.Fatalf("exchanged %v, refused %+v; want the refused answer shown with its aud check (err %v)", s.Exchanged, s.ExchangedRefused, s.LastOp.Err)
	}
	if s.Refused != nil {
		t.Error("a refused exchange marked the session's own tokens")
	}
	if last := s.History[len(s.History)-1]; last.Kind != history.EventExchange || last.OK() {
		t.Errorf("history entry %+v; want a failed exchange", last)
	}
}

// A userinfo answer about another user is shown and said to fail the
// userinfo sub check (rp-userinfo-bad-sub-claim, in the window).
func TestUserinfoAboutAnotherUserFailsTheSubCheck(t *testing.T) {
	h := newHarness(t)
	h.login("demo")
	h.faults.SetFaults(demoidptest.Faults{UserinfoSub: "someone-else"})
	id := h.ws.Userinfo("demo")
	h.ws.Wait()
	s := h.snap("demo")
	var re *auth.RefusedAnswerError
	if !s.LastOp.Answers(id) || !errors.As(s.LastOp.Err, &re) || re.Check != "userinfo sub" {
		t.Fatalf("last op %+v; want the userinfo sub check failed", s.LastOp)
	}
	if s.Userinfo == nil || s.Userinfo.Subject != "someone-else" {
		t.Fatalf("the answer is not shown: %+v", s.Userinfo)
	}
	h.faults.SetFaults(demoidptest.Faults{})
	id = h.ws.Userinfo("demo")
	h.ws.Wait()
	if s := h.snap("demo"); !s.LastOp.Answers(id) || !s.LastOp.OK() {
		t.Fatalf("the provider's own sub: %+v", s.LastOp)
	}
}
