package demoidp_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// callAPI GETs path with an optional bearer token.
func (e *env) callAPI(path, token string) (*http.Response, map[string]any) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp, m
}

// loginFor logs in asking for the resources on the authorization request
// and tokenResources on the token request.
func (e *env) loginFor(resources, tokenResources []string) tokenResponse {
	e.t.Helper()
	v, c := pkce()
	p := authParams(demoidp.DemoClientID, c)
	p["resource"] = resources
	form := exchangeForm(e.code(p), v)
	form["resource"] = tokenResources
	return e.token(form, "", "")
}

func TestProtectedResourceChallengeAndMetadata(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	resp, body := e.callAPI("/api/orders", "")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status %d without a token, want 401", resp.StatusCode)
	}
	ch := resp.Header.Get("WWW-Authenticate")
	wantMD := e.ts.URL + "/.well-known/oauth-protected-resource/api/orders"
	if !strings.HasPrefix(ch, "Bearer ") || !strings.Contains(ch, `resource_metadata="`+wantMD+`"`) || !strings.Contains(ch, `scope="orders.read"`) {
		t.Fatalf("challenge %q lacks resource_metadata %s or the scope", ch, wantMD)
	}
	if body["error"] != "invalid_request" {
		t.Errorf("body %v", body)
	}
	mresp := e.get("/.well-known/oauth-protected-resource/api/orders", nil)
	var md struct {
		Resource             string   `json:"resource"`
		AuthorizationServers []string `json:"authorization_servers"`
		ScopesSupported      []string `json:"scopes_supported"`
	}
	if err := json.NewDecoder(mresp.Body).Decode(&md); err != nil || mresp.StatusCode != 200 {
		t.Fatalf("metadata: %d %v", mresp.StatusCode, err)
	}
	if md.Resource != e.ts.URL+"/api/orders" || !slices.Equal(md.AuthorizationServers, []string{e.ts.URL}) || !slices.Equal(md.ScopesSupported, []string{"orders.read"}) {
		t.Errorf("metadata %+v", md)
	}
	if r := e.get("/.well-known/oauth-protected-resource/api/nothing", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("metadata of an unknown resource: %d, want 404", r.StatusCode)
	}
	if r := e.get("/.well-known/oauth-protected-resource", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("root metadata: %d, want 404 (no resource at the root)", r.StatusCode)
	}
}

func TestProtectedResourceAcceptsOnlyTokensForItself(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	orders := e.ts.URL + "/api/orders"

	tr := e.loginFor([]string{orders}, []string{orders})
	wantOK(t, tr)
	if aud := e.verify(tr.AccessToken)["aud"]; aud != orders {
		t.Fatalf("aud = %v, want %s", aud, orders)
	}
	resp, body := e.callAPI("/api/orders", tr.AccessToken)
	if resp.StatusCode != http.StatusOK || body["resource"] != orders || body["sub"] != demoidp.DefaultSubject {
		t.Fatalf("orders with its token: %d %v", resp.StatusCode, body)
	}
	resp, body = e.callAPI("/api/inventory", tr.AccessToken)
	if resp.StatusCode != http.StatusUnauthorized || body["error"] != "invalid_token" ||
		!strings.Contains(resp.Header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Fatalf("inventory with a token for orders: %d %v", resp.StatusCode, body)
	}
	// A token without a resource is for no API.
	plain := e.login()
	if resp, _ := e.callAPI("/api/orders", plain.AccessToken); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("orders with a token for no resource: %d, want 401", resp.StatusCode)
	}
	if resp, _ := e.callAPI("/api/orders", "not-a-token"); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("orders with garbage: %d", resp.StatusCode)
	}
}

func TestResourceIndicatorsOnCodeAndRefresh(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	orders, inventory := e.ts.URL+"/api/orders", e.ts.URL+"/api/inventory"

	// Both asked for; the token request narrows to one.
	tr := e.loginFor([]string{orders, inventory}, []string{inventory})
	wantOK(t, tr)
	if aud := e.verify(tr.AccessToken)["aud"]; aud != inventory {
		t.Fatalf("aud = %v, want %s", aud, inventory)
	}
	// A refresh may ask for the other granted resource…
	f := refreshForm(tr.RefreshToken)
	f["resource"] = []string{orders}
	r2 := e.token(f, "", "")
	wantOK(t, r2)
	if aud := e.verify(r2.AccessToken)["aud"]; aud != orders {
		t.Fatalf("refreshed aud = %v, want %s", aud, orders)
	}
	// …and without resource gets all of them.
	r3 := e.token(refreshForm(r2.RefreshToken), "", "")
	wantOK(t, r3)
	if aud, _ := e.verify(r3.AccessToken)["aud"].([]any); len(aud) != 2 {
		t.Fatalf("refreshed aud without resource = %v, want both", e.verify(r3.AccessToken)["aud"])
	}
	// Not one that was not granted; the refresh token is not used up.
	f = refreshForm(r3.RefreshToken)
	f["resource"] = []string{e.ts.URL + "/api/elsewhere"}
	wantError(t, e.token(f, "", ""), http.StatusBadRequest, "invalid_target")
	wantOK(t, e.token(refreshForm(r3.RefreshToken), "", ""))

	// The token request cannot widen the authorization request.
	wantError(t, e.loginFor([]string{orders}, []string{inventory}), http.StatusBadRequest, "invalid_target")
	// A resource must be an absolute URI without a fragment.
	v, c := pkce()
	p := authParams(demoidp.DemoClientID, c)
	p["resource"] = []string{orders + "#frag"}
	q := e.redirectQuery(e.get("/authorize", p))
	if q.Get("error") != "invalid_target" {
		t.Fatalf("authorize with a fragment resource: %v", q)
	}
	_ = v
}

func TestResourceIndicatorsOnOtherGrants(t *testing.T) {
	e := newEnv(t, demoidp.Options{AutoApprove: true})
	orders := e.ts.URL + "/api/orders"
	cc := e.token(url.Values{"grant_type": {"client_credentials"}, "scope": {"api"}, "resource": {orders},
		"client_id": {demoidp.DemoClientID}, "client_secret": {demoidp.DemoClientSecret}}, "", "")
	if cc.Status != 200 || e.verify(cc.AccessToken)["aud"] != orders {
		t.Fatalf("client_credentials with resource: %d %s", cc.Status, cc.Error)
	}
	if resp, _ := e.callAPI("/api/orders", cc.AccessToken); resp.StatusCode != http.StatusOK {
		t.Fatalf("orders with a client_credentials token for it: %d", resp.StatusCode)
	}
	// Token exchange: the resources become the audience.
	ex := e.token(url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:token-exchange"},
		"subject_token": {e.login().AccessToken}, "subject_token_type": {"urn:ietf:params:oauth:token-type:access_token"},
		"resource":  {orders, e.ts.URL + "/api/inventory"},
		"client_id": {demoidp.DemoClientID}, "client_secret": {demoidp.DemoClientSecret}}, "", "")
	if ex.Status != 200 {
		t.Fatalf("exchange: %d %s %s", ex.Status, ex.Error, ex.ErrorDescription)
	}
	if aud, _ := e.verify(ex.AccessToken)["aud"].([]any); len(aud) != 2 {
		t.Fatalf("exchanged aud = %v", e.verify(ex.AccessToken)["aud"])
	}
	// Device flow: the device authorization request's resource.
	resp := e.post("/device_authorization", url.Values{"client_id": {demoidp.DemoClientID}, "client_secret": {demoidp.DemoClientSecret},
		"scope": {"openid"}, "resource": {orders}}, "", "")
	var da struct {
		DeviceCode string `json:"device_code"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&da); err != nil || da.DeviceCode == "" {
		t.Fatalf("device authorization: %d %v", resp.StatusCode, err)
	}
	dev := e.token(url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}, "device_code": {da.DeviceCode},
		"resource": {orders}, "client_id": {demoidp.DemoClientID}, "client_secret": {demoidp.DemoClientSecret}}, "", "")
	wantOK(t, dev)
	if e.verify(dev.AccessToken)["aud"] != orders {
		t.Fatalf("device aud = %v", e.verify(dev.AccessToken)["aud"])
	}
}
