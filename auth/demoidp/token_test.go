package demoidp_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

func TestCodeExchangeErrors(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	verifier, challenge := pkce()
	code := e.code(authParams(demoidp.DemoClientID, challenge))

	wrongVerifier, _ := pkce()
	wantError(t, e.token(exchangeForm(code, wrongVerifier), "", ""), http.StatusBadRequest, "invalid_grant")

	form := exchangeForm(code, verifier)
	form.Set("redirect_uri", "http://127.0.0.1:49152/other")
	wantError(t, e.token(form, "", ""), http.StatusBadRequest, "invalid_grant")

	form = exchangeForm(code, verifier)
	form.Del("code_verifier")
	wantError(t, e.token(form, "", ""), http.StatusBadRequest, "invalid_request")

	// Another (valid) client cannot redeem the code.
	form = exchangeForm(code, verifier)
	form.Del("client_secret")
	form.Set("client_id", demoidp.PublicClientID)
	wantError(t, e.token(form, "", ""), http.StatusBadRequest, "invalid_grant")

	// Failed attempts do not consume the code.
	first := e.token(exchangeForm(code, verifier), "", "")
	wantOK(t, first)

	// A second use fails and revokes what the first one issued.
	wantError(t, e.token(exchangeForm(code, verifier), "", ""), http.StatusBadRequest, "invalid_grant")
	tr := e.token(refreshForm(first.RefreshToken), "", "")
	wantError(t, tr, http.StatusBadRequest, "invalid_grant")
	if tr.ErrorDescription != "refresh token has been revoked" {
		t.Errorf("description %q", tr.ErrorDescription)
	}
	if status := e.userinfo(first.AccessToken); status != http.StatusUnauthorized {
		t.Errorf("userinfo with revoked access token: status %d", status)
	}

	wantError(t, e.token(exchangeForm("unknown", verifier), "", ""), http.StatusBadRequest, "invalid_grant")
	wantError(t, e.token(url.Values{
		"grant_type": {"password"}, "client_id": {demoidp.PublicClientID},
	}, "", ""), http.StatusBadRequest, "unsupported_grant_type")

	s := e.rec.Stats()
	if s.CodeReuses != 1 || s.AuthorizationCodeGrants != 1 || s.RejectedCodes != 6 {
		t.Errorf("stats %+v", s)
	}
}

func TestCodeExpires(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	verifier, challenge := pkce()
	code := e.code(authParams(demoidp.DemoClientID, challenge))
	e.clock.Advance(61 * time.Second)
	wantError(t, e.token(exchangeForm(code, verifier), "", ""), http.StatusBadRequest, "invalid_grant")
}

func TestClientAuthentication(t *testing.T) {
	const oddID, oddSecret = "odd client:1", "p@ss:w rd+%"
	e := newEnv(t, demoidp.Options{AutoApprove: true, Clients: map[string]demoidp.Client{
		demoidp.DemoClientID:   {Secret: demoidp.DemoClientSecret},
		demoidp.PublicClientID: {},
		oddID:                  {Secret: oddSecret},
	}})
	exchange := func(clientID string, edit func(url.Values), user, pass string) tokenResponse {
		t.Helper()
		verifier, challenge := pkce()
		form := exchangeForm(e.code(authParams(clientID, challenge)), verifier)
		form.Set("client_id", clientID)
		form.Del("client_secret")
		if edit != nil {
			edit(form)
		}
		return e.token(form, user, pass)
	}
	withSecret := func(s string) func(url.Values) { return func(f url.Values) { f.Set("client_secret", s) } }

	wantOK(t, exchange(demoidp.DemoClientID, withSecret(demoidp.DemoClientSecret), "", ""))        // client_secret_post
	wantOK(t, exchange(demoidp.DemoClientID, nil, demoidp.DemoClientID, demoidp.DemoClientSecret)) // client_secret_basic
	wantOK(t, exchange(oddID, nil, oddID, oddSecret))                                              // Basic, form-url-encoded
	wantOK(t, exchange(oddID, withSecret(oddSecret), "", ""))
	wantOK(t, exchange(demoidp.PublicClientID, nil, "", "")) // none

	wantError(t, exchange(demoidp.DemoClientID, withSecret("wrong"), "", ""), http.StatusBadRequest, "invalid_client")
	tr := exchange(demoidp.DemoClientID, nil, demoidp.DemoClientID, "wrong")
	wantError(t, tr, http.StatusUnauthorized, "invalid_client")
	if !strings.HasPrefix(tr.header.Get("WWW-Authenticate"), "Basic ") {
		t.Errorf("WWW-Authenticate = %q", tr.header.Get("WWW-Authenticate"))
	}
	wantError(t, exchange(demoidp.DemoClientID, nil, "", ""), http.StatusBadRequest, "invalid_client") // confidential client, no secret
	wantError(t, exchange(demoidp.DemoClientID, func(f url.Values) { f.Del("client_id") }, "nope", "x"),
		http.StatusUnauthorized, "invalid_client") // unknown client
	wantError(t, exchange(demoidp.DemoClientID, withSecret(demoidp.DemoClientSecret), demoidp.DemoClientID, demoidp.DemoClientSecret),
		http.StatusUnauthorized, "invalid_client") // two methods at once
	if got := e.rec.Stats().ClientAuthFailures; got != 5 {
		t.Errorf("ClientAuthFailures = %d, want 5", got)
	}
	e.assertNotLogged(demoidp.DemoClientSecret, oddSecret, "wrong")
}

func TestTokenRequestHygiene(t *testing.T) {
	e := newEnv(t, demoidp.Options{})
	resp, err := e.http.Post(e.ts.URL+"/token", "application/json", strings.NewReader(`{"grant_type":"refresh_token"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("JSON body: status %d", resp.StatusCode)
	}
	big := url.Values{"client_id": {demoidp.PublicClientID}, "pad": {strings.Repeat("x", 70<<10)}}
	if resp := e.post("/token", big, "", ""); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: status %d", resp.StatusCode)
	}
	if resp := e.get("/token", nil); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /token: status %d", resp.StatusCode)
	}
}

func TestFailNext(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	tr := e.login()
	e.rec.FailNext(2, http.StatusServiceUnavailable)
	for range 2 {
		wantError(t, e.token(refreshForm(tr.RefreshToken), "", ""), http.StatusServiceUnavailable, "temporarily_unavailable")
	}
	wantOK(t, e.token(refreshForm(tr.RefreshToken), "", ""))
	if s := e.rec.Stats(); s.InjectedFailures != 2 || s.RefreshGrants != 1 {
		t.Errorf("stats %+v", s)
	}
}

// userinfo calls /userinfo with an access token and returns the status.
func (e *env) userinfo(access string) int {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := e.http.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusUnauthorized && !strings.Contains(resp.Header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		e.t.Errorf("401 without invalid_token challenge: %q", resp.Header.Get("WWW-Authenticate"))
	}
	return resp.StatusCode
}

func TestUserinfoRejectsBadTokens(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	tr := e.login()
	for name, tok := range map[string]string{
		"garbage":       "not-a-jwt",
		"refresh token": tr.RefreshToken,
		"ID token":      tr.IDToken,
		"tampered":      tr.AccessToken[:len(tr.AccessToken)-4] + "AAAA",
	} {
		if status := e.userinfo(tok); status != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, status)
		}
	}
	resp := e.get("/userinfo", nil)
	if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer ") {
		t.Errorf("no token: status %d, challenge %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	if status := e.userinfo(tr.AccessToken); status != http.StatusOK {
		t.Errorf("valid token: status %d", status)
	}
	e.clock.Advance(3 * time.Minute)
	if status := e.userinfo(tr.AccessToken); status != http.StatusUnauthorized {
		t.Errorf("expired token: status %d", status)
	}
}

func TestRevokeAndIntrospect(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	tr := e.login()
	introspect := func(tok string) map[string]any {
		t.Helper()
		resp := e.post("/introspect", url.Values{"token": {tok}}, demoidp.DemoClientID, demoidp.DemoClientSecret)
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := introspect(tr.AccessToken); got["active"] != true || got["token_type"] != "access_token" || got["jti"] != tr.JTI {
		t.Errorf("introspect access %v", got)
	}
	if got := introspect(tr.RefreshToken); got["active"] != true || got["token_type"] != "refresh_token" {
		t.Errorf("introspect refresh %v", got)
	}

	// Unknown tokens are accepted silently (RFC 7009 §2.2).
	if resp := e.post("/revoke", url.Values{"token": {"unknown"}}, demoidp.DemoClientID, demoidp.DemoClientSecret); resp.StatusCode != http.StatusOK {
		t.Errorf("revoke unknown: status %d", resp.StatusCode)
	}
	// Revoking the access token leaves the refresh token usable.
	if resp := e.post("/revoke", url.Values{"token": {tr.AccessToken}, "token_type_hint": {"access_token"}},
		demoidp.DemoClientID, demoidp.DemoClientSecret); resp.StatusCode != http.StatusOK {
		t.Fatalf("revoke access: status %d", resp.StatusCode)
	}
	if status := e.userinfo(tr.AccessToken); status != http.StatusUnauthorized {
		t.Errorf("revoked access token: userinfo status %d", status)
	}
	if got := introspect(tr.AccessToken); got["active"] != false {
		t.Errorf("introspect revoked access %v", got)
	}
	next := e.token(refreshForm(tr.RefreshToken), "", "")
	wantOK(t, next)

	// Revoking a refresh token revokes its family.
	form := url.Values{"token": {next.RefreshToken}, "client_id": {demoidp.DemoClientID}, "client_secret": {demoidp.DemoClientSecret}}
	if resp := e.post("/revoke", form, "", ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("revoke refresh: status %d", resp.StatusCode)
	}
	wantError(t, e.token(refreshForm(next.RefreshToken), "", ""), http.StatusBadRequest, "invalid_grant")
	if status := e.userinfo(next.AccessToken); status != http.StatusUnauthorized {
		t.Errorf("access token of revoked family: userinfo status %d", status)
	}
	if resp := e.post("/revoke", url.Values{"token": {"x"}}, demoidp.DemoClientID, "wrong"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("revoke with wrong secret: status %d", resp.StatusCode)
	}
}
