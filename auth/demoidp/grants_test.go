package demoidp_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

func demoClientForm(kv ...string) url.Values {
	f := url.Values{"client_id": {demoidp.DemoClientID}, "client_secret": {demoidp.DemoClientSecret}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

func decodeJSON(t *testing.T, resp *http.Response, v any) {
	t.Helper()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("decode: %v", err)
	}
}

// A pushed request's request_uri is used once, by its own client, before
// it expires; the pushed parameters are checked like /authorize's.
func TestPARRequestURIRules(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true, RequirePAR: true})
	_, c := pkce()
	push := func(params url.Values) (int, string) {
		form := demoClientForm()
		for k, v := range params {
			form[k] = v
		}
		resp := e.post("/par", form, "", "")
		var out struct {
			RequestURI string `json:"request_uri"`
			ExpiresIn  int64  `json:"expires_in"`
			Error      string `json:"error"`
		}
		decodeJSON(t, resp, &out)
		if resp.StatusCode == http.StatusCreated && out.ExpiresIn != int64(demoidp.DefaultPARTTL/time.Second) {
			t.Errorf("expires_in = %d", out.ExpiresIn)
		}
		return resp.StatusCode, out.RequestURI + out.Error
	}
	status, uri := push(authParams(demoidp.DemoClientID, c))
	if status != http.StatusCreated || !strings.HasPrefix(uri, "urn:ietf:params:oauth:request_uri:") {
		t.Fatalf("PAR = %d %q", status, uri)
	}
	q := url.Values{"client_id": {demoidp.DemoClientID}, "request_uri": {uri}}
	if code := e.redirectQuery(e.get("/authorize", q)).Get("code"); code == "" {
		t.Fatal("no code for the pushed request")
	}
	if resp := e.get("/authorize", q); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a used request_uri: HTTP %d; want 400", resp.StatusCode)
	}
	_, uri = push(authParams(demoidp.DemoClientID, c))
	if resp := e.get("/authorize", url.Values{"client_id": {demoidp.PublicClientID}, "request_uri": {uri}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("another client's request_uri: HTTP %d; want 400", resp.StatusCode)
	}
	_, uri = push(authParams(demoidp.DemoClientID, c))
	e.clock.Advance(demoidp.DefaultPARTTL)
	if resp := e.get("/authorize", url.Values{"client_id": {demoidp.DemoClientID}, "request_uri": {uri}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an expired request_uri: HTTP %d; want 400", resp.StatusCode)
	}
	if resp := e.get("/authorize", authParams(demoidp.DemoClientID, c)); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an unpushed request while PAR is required: HTTP %d; want 400", resp.StatusCode)
	}
	bad := authParams(demoidp.DemoClientID, c)
	bad.Set("code_challenge_method", "plain")
	if status, code := push(bad); status != http.StatusBadRequest || code != "invalid_request" {
		t.Errorf("a bad pushed request: %d %q; want 400 invalid_request", status, code)
	}
	if status, code := push(url.Values{"redirect_uri": {"https://evil.example/cb"}}); status != http.StatusBadRequest || code != "invalid_request" {
		t.Errorf("a non-loopback redirect_uri: %d %q", status, code)
	}
}

// The device flow at the HTTP level: pending, slow_down, approval on the
// sign-in page (which escapes what it echoes), one use of the code.
func TestDeviceFlowHTTP(t *testing.T) {
	e := newEnv(t, demoidp.Options{})
	resp := e.post("/device_authorization", demoClientForm("scope", "openid"), "", "")
	var da struct {
		DeviceCode, UserCode, VerificationURI, VerificationURIComplete string
		Interval, ExpiresIn                                            int64
	}
	var raw map[string]any
	b, _ := io.ReadAll(resp.Body)
	json.Unmarshal(b, &raw)
	da.DeviceCode, _ = raw["device_code"].(string)
	da.UserCode, _ = raw["user_code"].(string)
	da.VerificationURI, _ = raw["verification_uri"].(string)
	if da.DeviceCode == "" || len(da.UserCode) != 9 || da.VerificationURI != e.ts.URL+"/device" || raw["interval"] != 5.0 {
		t.Fatalf("device authorization %s", b)
	}
	poll := func() tokenResponse {
		return e.token(demoClientForm("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "device_code", da.DeviceCode), "", "")
	}
	wantError(t, poll(), 400, "authorization_pending")
	wantError(t, poll(), 400, "slow_down") // at once: too fast
	page := e.get("/device", url.Values{"user_code": {`<script>x</script>`}})
	pb, _ := io.ReadAll(page.Body)
	if page.StatusCode != 200 || !strings.Contains(string(pb), `id="signin"`) || strings.Contains(string(pb), "<script>x") {
		t.Errorf("the sign-in page: HTTP %d, escaped and with its form? %s", page.StatusCode, pb)
	}
	dec := e.post("/device", url.Values{"user_code": {strings.ToLower(strings.ReplaceAll(da.UserCode, "-", ""))}, "decision": {"approve"}}, "", "")
	if dec.StatusCode != 200 {
		t.Fatalf("approve: HTTP %d", dec.StatusCode)
	}
	e.clock.Advance(11 * time.Second)
	wantOK(t, poll())
	e.clock.Advance(11 * time.Second)
	wantError(t, poll(), 400, "invalid_grant") // used up
	e.assertNotLogged(da.DeviceCode)
}

// client_credentials and token exchange at the HTTP level.
func TestClientCredentialsAndTokenExchangeHTTP(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	cc := e.token(demoClientForm("grant_type", "client_credentials", "scope", "api"), "", "")
	if cc.Status != 200 || cc.AccessToken == "" || cc.RefreshToken != "" || cc.IDToken != "" {
		t.Fatalf("client_credentials: %+v", cc)
	}
	if sub := e.verify(cc.AccessToken)["sub"]; sub != demoidp.DemoClientID {
		t.Errorf("sub = %v", sub)
	}
	pub := e.token(url.Values{"grant_type": {"client_credentials"}, "client_id": {demoidp.PublicClientID}}, "", "")
	wantError(t, pub, 400, "unauthorized_client")

	login := e.login()
	ex := e.token(demoClientForm("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
		"subject_token", login.AccessToken, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token", "audience", "orders"), "", "")
	if ex.Status != 200 || e.verify(ex.AccessToken)["aud"] != "orders" {
		t.Fatalf("token exchange: %+v", ex)
	}
	bad := e.token(demoClientForm("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
		"subject_token", login.RefreshToken, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"), "", "")
	wantError(t, bad, 400, "invalid_request")
}

// End session revokes the client's families and redirects only to loopback.
func TestEndSessionHTTP(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	login := e.login()
	resp := e.get("/end_session", url.Values{"id_token_hint": {login.IDToken}, "post_logout_redirect_uri": {"https://evil.example/"}, "state": {"s"}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a non-loopback post_logout_redirect_uri: HTTP %d", resp.StatusCode)
	}
	resp = e.get("/end_session", url.Values{"id_token_hint": {login.IDToken}, "post_logout_redirect_uri": {testRedirect}, "state": {"s"}})
	if q := e.redirectQuery(resp); q.Get("state") != "s" {
		t.Errorf("state = %q", q.Get("state"))
	}
	wantError(t, e.token(refreshForm(login.RefreshToken), "", ""), 400, "invalid_grant")
}

// A code asked for with dpop_jkt (RFC 9449 §10) is redeemed only with a
// proof of that key: without one it is invalid_grant.
func TestDPoPJKTBindsTheCode(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	v, c := pkce()
	params := authParams(demoidp.DemoClientID, c)
	params.Set("dpop_jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiGQA4I")
	wantError(t, e.token(exchangeForm(e.code(params), v), "", ""), 400, "invalid_grant")
}
