package demoidp_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

func TestDiscoveryAndJWKS(t *testing.T) {
	e := newEnv(t, demoidp.Options{KeyBits: demoidp.DefaultKeyBits})
	resp := e.get("/.well-known/openid-configuration", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("discovery status %d", resp.StatusCode)
	}
	var doc map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"issuer":                                e.ts.URL,
		"authorization_endpoint":                e.ts.URL + "/authorize",
		"token_endpoint":                        e.ts.URL + "/token",
		"jwks_uri":                              e.ts.URL + "/jwks.json",
		"userinfo_endpoint":                     e.ts.URL + "/userinfo",
		"revocation_endpoint":                   e.ts.URL + "/revoke",
		"pushed_authorization_request_endpoint": e.ts.URL + "/par",
		"device_authorization_endpoint":         e.ts.URL + "/device_authorization",
		"end_session_endpoint":                  e.ts.URL + "/end_session",
	} {
		if doc[k] != want {
			t.Errorf("%s = %v, want %s", k, doc[k], want)
		}
	}
	list := func(k string) []string {
		var out []string
		for _, v := range doc[k].([]any) {
			out = append(out, v.(string))
		}
		return out
	}
	for k, want := range map[string][]string{
		"response_types_supported":              {"code"},
		"code_challenge_methods_supported":      {"S256"},
		"id_token_signing_alg_values_supported": {"RS256"},
		"token_endpoint_auth_methods_supported": {"client_secret_post", "client_secret_basic", "none", "client_secret_jwt", "private_key_jwt"},
		"grant_types_supported": {"authorization_code", "refresh_token", "client_credentials",
			"urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange",
			"urn:ietf:params:oauth:grant-type:jwt-bearer"},
		"dpop_signing_alg_values_supported": {"ES256", "ES384", "ES512", "RS256", "PS256", "PS384", "PS512", "EdDSA"},
		"subject_types_supported":           {"public"},
	} {
		if got := list(k); !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", k, got, want)
		}
	}
	if !slices.Contains(list("scopes_supported"), "openid") {
		t.Errorf("scopes_supported lacks openid")
	}

	keys := e.jwks()
	if len(keys) != 1 {
		t.Fatalf("JWKS has %d keys, want 1", len(keys))
	}
	pub := keys[e.keys.KeyID()]
	if pub == nil || !pub.Equal(e.keys.PublicKey()) {
		t.Fatalf("JWKS key %q does not match PublicKey", e.keys.KeyID())
	}
	if pub.N.BitLen() != demoidp.DefaultKeyBits {
		t.Errorf("key size %d, want %d", pub.N.BitLen(), demoidp.DefaultKeyBits)
	}
	if s := e.rec.Stats(); s.DiscoveryRequests != 1 || s.JWKSRequests != 1 {
		t.Errorf("stats = %+v", s)
	}
}

func TestAuthorizationCodeFlowAutoApprove(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	verifier, challenge := pkce()
	code := e.code(authParams(demoidp.DemoClientID, challenge))
	tr := e.token(exchangeForm(code, verifier), "", "")
	wantOK(t, tr)
	if tr.TokenType != "bearer" || tr.ExpiresIn != 120 || tr.Scope != "openid profile email" || tr.IDToken == "" {
		t.Fatalf("unexpected response %+v", tr)
	}
	now := e.clock.Now().Unix()

	wantHeader := `{"alg":"RS256","kid":"` + e.keys.KeyID() + `","typ":"JWT"}`
	for _, tok := range []string{tr.AccessToken, tr.RefreshToken, tr.IDToken} {
		if h := string(segment(t, tok, 0)); h != wantHeader {
			t.Errorf("header = %s, want %s", h, wantHeader)
		}
	}

	at := e.verify(tr.AccessToken)
	if got, want := claimOrder(t, tr.AccessToken), []string{"sub", "scope", "iss", "data_center", "exp", "iat", "authorities", "jti", "client_id"}; !slices.Equal(got, want) {
		t.Errorf("access claims %v, want %v", got, want)
	}
	if at["sub"] != demoidp.DefaultSubject || at["data_center"] != "EU" || at["client_id"] != demoidp.DemoClientID ||
		at["jti"] != tr.JTI || at["exp"] != float64(now+120) || at["iat"] != float64(now) {
		t.Errorf("access claims %v", at)
	}
	if got := at["scope"].([]any); len(got) != 3 || got[0] != "openid" {
		t.Errorf("access scope %v", got)
	}
	if got := at["authorities"].([]any); len(got) != 1 || got[0] != "ROLE_USER" {
		t.Errorf("authorities %v", got)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(tr.JTI) {
		t.Errorf("jti %q is not a UUID v4", tr.JTI)
	}

	rt := e.verify(tr.RefreshToken)
	if got, want := claimOrder(t, tr.RefreshToken), []string{"sub", "scope", "ati", "iss", "exp", "iat", "authorities", "jti", "client_id", "fid"}; !slices.Equal(got, want) {
		t.Errorf("refresh claims %v, want %v", got, want)
	}
	if rt["ati"] != tr.JTI || rt["jti"] == tr.JTI || rt["exp"] != float64(now+3600) || rt["fid"] == "" {
		t.Errorf("refresh claims %v", rt)
	}

	id := e.verify(tr.IDToken)
	if got, want := claimOrder(t, tr.IDToken), []string{"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "email", "name"}; !slices.Equal(got, want) {
		t.Errorf("ID claims %v, want %v", got, want)
	}
	sum := sha256.Sum256([]byte(tr.AccessToken))
	if id["aud"] != demoidp.DemoClientID || id["nonce"] != "n-456" || id["email"] != demoidp.DefaultEmail ||
		id["name"] != demoidp.DefaultName || id["auth_time"] != float64(now) ||
		id["at_hash"] != base64.RawURLEncoding.EncodeToString(sum[:16]) {
		t.Errorf("ID claims %v", id)
	}

	// The access token works at the userinfo endpoint.
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+tr.AccessToken)
	resp, err := e.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ui map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&ui); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("userinfo: status %d, %v", resp.StatusCode, err)
	}
	if ui["sub"] != demoidp.DefaultSubject || ui["email"] != demoidp.DefaultEmail || ui["name"] != demoidp.DefaultName {
		t.Errorf("userinfo %v", ui)
	}

	if s := e.rec.Stats(); s.AuthorizeRequests != 1 || s.Approvals != 1 || s.TokenRequests != 1 || s.AuthorizationCodeGrants != 1 {
		t.Errorf("stats %+v", s)
	}
	e.assertNotLogged(code, verifier, tr.AccessToken, tr.RefreshToken, tr.IDToken, demoidp.DemoClientSecret)
}

// requestIDRe extracts the pending request id from the sign-in form.
var requestIDRe = regexp.MustCompile(`name="request" value="([^"]+)"`)

// signInPage fetches the sign-in page and returns the pending request id.
func (e *env) signInPage(params url.Values) string {
	e.t.Helper()
	resp := e.get("/authorize", params)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		e.t.Fatalf("sign-in page: status %d, %s", resp.StatusCode, body)
	}
	page := string(body)
	for _, want := range []string{
		"Token Inspector demo provider",
		`<button id="signin" name="decision" value="approve"`,
		`<button id="deny" name="decision" value="deny"`,
		`action="/authorize/decision"`,
		demoidp.DemoClientID, demoidp.DefaultName, demoidp.DefaultEmail, "<code>profile</code>",
	} {
		if !strings.Contains(page, want) {
			e.t.Errorf("sign-in page lacks %q", want)
		}
	}
	m := requestIDRe.FindStringSubmatch(page)
	if m == nil {
		e.t.Fatalf("no request id in page")
	}
	return m[1]
}

func TestSignInPageApprove(t *testing.T) {
	e := newEnv(t, demoidp.Options{})
	verifier, challenge := pkce()
	params := authParams(demoidp.DemoClientID, challenge)
	params.Set("state", `<script>"x"</script>`)
	id := e.signInPage(params)

	decision := url.Values{"request": {id}, "decision": {"approve"}}
	q := e.redirectQuery(e.post("/authorize/decision", decision, "", ""))
	if q.Get("code") == "" || q.Get("state") != params.Get("state") {
		t.Fatalf("approve redirect query %v", q)
	}
	wantOK(t, e.token(exchangeForm(q.Get("code"), verifier), "", ""))

	// The pending request is single-use.
	resp := e.post("/authorize/decision", decision, "", "")
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
		t.Fatalf("replayed decision: status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestSignInPageDeny(t *testing.T) {
	e := newEnv(t, demoidp.Options{})
	_, challenge := pkce()
	id := e.signInPage(authParams(demoidp.DemoClientID, challenge))
	resp := e.post("/authorize/decision", url.Values{"request": {id}, "decision": {"deny"}}, "", "")
	q := e.redirectQuery(resp)
	if q.Get("error") != "access_denied" || q.Get("error_description") != "The user denied the request" ||
		q.Get("state") != "st-123" || q.Get("code") != "" {
		t.Fatalf("deny redirect query %v", q)
	}
	if !strings.Contains(resp.Header.Get("Location"), "error_description=The+user+denied+the+request") {
		t.Errorf("Location %q", resp.Header.Get("Location"))
	}
	if s := e.rec.Stats(); s.Denials != 1 || s.Approvals != 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestAuthorizeRefusesWithoutRedirect(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	_, challenge := pkce()
	cases := map[string]func(url.Values){
		"unknown client":    func(q url.Values) { q.Set("client_id", "nope") },
		"missing client":    func(q url.Values) { q.Del("client_id") },
		"missing redirect":  func(q url.Values) { q.Del("redirect_uri") },
		"https external":    func(q url.Values) { q.Set("redirect_uri", "https://evil.example/cb") },
		"http external":     func(q url.Values) { q.Set("redirect_uri", "http://evil.example/cb") },
		"loopback lookalke": func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1.evil.example/cb") },
		"https loopback":    func(q url.Values) { q.Set("redirect_uri", "https://127.0.0.1/cb") },
		"userinfo":          func(q url.Values) { q.Set("redirect_uri", "http://evil.example@127.0.0.1/cb") },
		"fragment":          func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1/cb#x") },
		"custom scheme":     func(q url.Values) { q.Set("redirect_uri", "com.example.app:/cb") },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			q := authParams(demoidp.DemoClientID, challenge)
			mutate(q)
			resp := e.get("/authorize", q)
			if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
				t.Fatalf("status %d, Location %q; want 400 page without redirect", resp.StatusCode, resp.Header.Get("Location"))
			}
		})
	}
}

func TestAuthorizeErrorsRedirect(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	verifier, challenge := pkce()
	cases := map[string]struct {
		mutate func(url.Values)
		want   string
	}{
		"no challenge":   {func(q url.Values) { q.Del("code_challenge") }, "invalid_request"},
		"no method":      {func(q url.Values) { q.Del("code_challenge_method") }, "invalid_request"},
		"plain method":   {func(q url.Values) { q.Set("code_challenge_method", "plain"); q.Set("code_challenge", verifier) }, "invalid_request"},
		"token response": {func(q url.Values) { q.Set("response_type", "token") }, "unsupported_response_type"},
		"bad scope":      {func(q url.Values) { q.Set("scope", `openid "x"`) }, "invalid_scope"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			q := authParams(demoidp.DemoClientID, challenge)
			c.mutate(q)
			rq := e.redirectQuery(e.get("/authorize", q))
			if rq.Get("error") != c.want || rq.Get("state") != "st-123" || rq.Get("code") != "" {
				t.Fatalf("redirect query %v, want error %s", rq, c.want)
			}
		})
	}
	// Every loopback form is accepted (RFC 8252 §7.3), with any port.
	for _, redirect := range []string{"http://localhost:1234/cb", "http://[::1]:8080/", "http://127.0.0.1/cb?x=1"} {
		q := authParams(demoidp.PublicClientID, challenge)
		q.Set("redirect_uri", redirect)
		resp := e.get("/authorize", q)
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusFound || loc.Query().Get("code") == "" {
			t.Errorf("%s: status %d, Location %q", redirect, resp.StatusCode, loc)
		}
	}
}

// TestWithOAuth2Package runs the flow with golang.org/x/oauth2, the client
// library the app uses, including a refresh through a TokenSource.
func TestWithOAuth2Package(t *testing.T) {
	for _, c := range []struct{ id, secret string }{{demoidp.DemoClientID, demoidp.DemoClientSecret}, {demoidp.PublicClientID, ""}} {
		t.Run(c.id, func(t *testing.T) {
			e := newEnv(t, demoidp.Options{AutoApprove: true, Now: time.Now})
			cfg := oauth2.Config{
				ClientID:     c.id,
				ClientSecret: c.secret,
				Endpoint:     oauth2.Endpoint{AuthURL: e.ts.URL + "/authorize", TokenURL: e.ts.URL + "/token"},
				RedirectURL:  testRedirect,
				Scopes:       []string{"openid", "email"},
			}
			verifier := oauth2.GenerateVerifier()
			resp, err := e.http.Get(cfg.AuthCodeURL("st-123", oauth2.S256ChallengeOption(verifier)))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			code := e.redirectQuery(resp).Get("code")
			ctx := context.WithValue(t.Context(), oauth2.HTTPClient, e.ts.Client())
			tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatalf("Exchange: %v", err)
			}
			if tok.Type() != "Bearer" || tok.Extra("id_token") == nil || tok.Extra("jti") == nil || tok.Expiry.IsZero() {
				t.Fatalf("token %+v", tok)
			}
			old := *tok
			tok.Expiry = time.Now().Add(-time.Minute)
			fresh, err := cfg.TokenSource(ctx, tok).Token()
			if err != nil {
				t.Fatalf("refresh: %v", err)
			}
			if fresh.RefreshToken == old.RefreshToken || fresh.AccessToken == old.AccessToken {
				t.Fatalf("refresh did not rotate tokens")
			}
		})
	}
}
