package demoidptest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
)

// serve starts a demo provider behind a Handler.
func serve(t *testing.T) (*demoidptest.Handler, *demoidptest.Keys, *httptest.Server) {
	t.Helper()
	keys, err := demoidptest.NewKeys(1024)
	if err != nil {
		t.Fatal(err)
	}
	idp, err := demoidp.New(demoidp.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	h := demoidptest.Wrap(idp.Handler())
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	idp.SetIssuer(ts.URL)
	return h, keys, ts
}

func TestFailNextStatusAndError(t *testing.T) {
	h, _, ts := serve(t)
	form := url.Values{"grant_type": {"refresh_token"}, "client_id": {demoidp.PublicClientID}, "refresh_token": {"x"}}
	post := func() (int, string) {
		t.Helper()
		resp, err := http.PostForm(ts.URL+"/token", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e struct {
			Error string `json:"error"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, e.Error
	}
	for _, c := range []struct {
		set, status int
		code        string
	}{
		{http.StatusServiceUnavailable, 503, "temporarily_unavailable"},
		{http.StatusTooManyRequests, 429, "temporarily_unavailable"},
		{http.StatusBadGateway, 502, "server_error"},
		{http.StatusTeapot, 418, "invalid_request"},
		{http.StatusOK, 503, "temporarily_unavailable"}, // out of range: 503
	} {
		h.FailNext(1, c.set)
		if status, code := post(); status != c.status || code != c.code {
			t.Errorf("FailNext(1, %d): %d %s, want %d %s", c.set, status, code, c.status, c.code)
		}
		// The failure is used up: the provider answers again (the token is junk).
		if status, code := post(); status != http.StatusBadRequest || code != "invalid_grant" {
			t.Errorf("after FailNext(1, %d): %d %s, want the provider's 400 invalid_grant", c.set, status, code)
		}
	}
	h.FailNext(3, 503)
	h.FailNext(0, 503) // cancels
	if status, _ := post(); status != http.StatusBadRequest {
		t.Errorf("after FailNext(0): status %d", status)
	}
	s := h.Stats()
	if s.InjectedFailures != 5 || s.TokenRequests != 11 || s.RejectedRefreshes != 6 || s.RefreshGrants != 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestCountsByEndpointAndClientAuthFailures(t *testing.T) {
	h, keys, ts := serve(t)
	for _, p := range []string{"/.well-known/openid-configuration", "/jwks.json", "/jwks.json", "/userinfo"} {
		resp, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	for _, p := range []string{"/token", "/revoke", "/introspect"} {
		resp, err := http.PostForm(ts.URL+p, url.Values{"client_id": {demoidp.DemoClientID}, "client_secret": {"wrong"}, "token": {"t"}, "grant_type": {"refresh_token"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	s := h.Stats()
	if s.DiscoveryRequests != 1 || s.JWKSRequests != 2 || s.UserinfoRequests != 1 || s.TokenRequests != 1 ||
		s.RevocationRequests != 1 || s.IntrospectionRequests != 1 || s.ClientAuthFailures != 3 {
		t.Errorf("stats %+v", s)
	}

	// The JWKS lists the rotated key first, then the old one.
	old := keys.KeyID()
	if _, err := keys.Rotate(); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(ts.URL + "/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
		t.Fatal(err)
	}
	if len(set.Keys) != 2 || set.Keys[0].Kid != keys.KeyID() || set.Keys[1].Kid != old || old == keys.KeyID() {
		t.Errorf("JWKS after rotation %+v (old %s, new %s)", set.Keys, old, keys.KeyID())
	}
}

func TestEmptyKeySourceRefused(t *testing.T) {
	_, err := demoidp.New(demoidp.Options{Keys: emptyKeys{}})
	if err == nil || !strings.Contains(err.Error(), "no signing key") {
		t.Errorf("New with an empty key source: %v", err)
	}
}

type emptyKeys struct{}

func (emptyKeys) SigningKeys() []demoidp.SigningKey { return nil }
