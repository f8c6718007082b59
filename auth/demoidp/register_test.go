package demoidp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func registerAt(t *testing.T, srv *httptest.Server, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(srv.URL+pathRegister, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, m
}

// Registration (RFC 7591): good metadata makes a client the provider then
// accepts; bad metadata is refused with the §3.2.2 error that names it.
func TestRegistration(t *testing.T) {
	s, err := New(Options{KeyBits: 1024})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	s.SetIssuer(srv.URL)

	code, m := registerAt(t, srv, `{"redirect_uris":["http://127.0.0.1/callback"],"grant_types":["authorization_code","refresh_token"],"token_endpoint_auth_method":"client_secret_basic","application_type":"native"}`)
	id, _ := m["client_id"].(string)
	if code != http.StatusCreated || id == "" || m["client_secret"] == "" || m["client_id_issued_at"] == nil || m["client_secret_expires_at"] != float64(0) {
		t.Fatalf("register = %d %v; want 201 with client_id, client_secret and their times", code, m)
	}
	c, ok := s.client(id)
	if !ok || c.Secret != m["client_secret"] {
		t.Fatalf("the registered client is not known (%v)", ok)
	}
	if !c.allowsRedirect("http://127.0.0.1:53111/callback") || c.allowsRedirect("http://127.0.0.1:53111/other") || c.allowsRedirect("http://[::1]:53111/callback") {
		t.Error("the registered loopback redirect URI must match any port (RFC 8252 §7.3) and nothing else")
	}

	for _, tc := range []struct{ body, want string }{
		{`{"redirect_uris":["https://evil.example/cb"]}`, "invalid_redirect_uri"},
		{`{"grant_types":["authorization_code"]}`, "invalid_redirect_uri"},
		{`{"redirect_uris":["http://127.0.0.1/callback"],"token_endpoint_auth_method":"private_key_jwt"}`, "invalid_client_metadata"},
		{`{"redirect_uris":["http://127.0.0.1/callback"],"grant_types":["implicit"]}`, "invalid_client_metadata"},
		{`{"grant_types":["client_credentials"],"token_endpoint_auth_method":"none"}`, "invalid_client_metadata"},
		{`{"redirect_uris":["http://127.0.0.1/callback"],"request_object_signing_alg":"HS256"}`, "invalid_client_metadata"},
		{`not json`, "invalid_client_metadata"},
	} {
		if code, m := registerAt(t, srv, tc.body); code != http.StatusBadRequest || m["error"] != tc.want || m["error_description"] == "" {
			t.Errorf("register %s = %d %v; want 400 %s with a description", tc.body, code, m, tc.want)
		}
	}
}
