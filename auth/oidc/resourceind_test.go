package oidc

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// resourceRecorder records the resource parameters of every request to
// the demo provider, by path (and grant type for /token).
type resourceRecorder struct {
	mu   sync.Mutex
	seen map[string][]string
}

func (rr *resourceRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.Path
		var res []string
		if r.Method == http.MethodPost {
			_ = r.ParseForm()
			key += " " + r.PostForm.Get("grant_type")
			res = r.PostForm["resource"]
		} else {
			res = r.URL.Query()["resource"]
		}
		rr.mu.Lock()
		rr.seen[key] = res
		rr.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (rr *resourceRecorder) get(key string) []string {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	return rr.seen[key]
}

func TestResourceSentOnEveryGrant(t *testing.T) {
	idp, err := demoidp.New(demoidp.Options{AutoApprove: true, KeyBits: 1024})
	if err != nil {
		t.Fatal(err)
	}
	rr := &resourceRecorder{seen: map[string][]string{}}
	srv := httptest.NewServer(rr.wrap(idp.Handler()))
	t.Cleanup(srv.Close)
	idp.SetIssuer(srv.URL)
	orders := srv.URL + "/api/orders"
	want := []string{orders}
	aud := func(ts *auth.TokenSet) string { return claimString(t, ts.Access, "aud") }
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) { p.Resources = want })
	login, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"/authorize", "/token authorization_code"} {
		if got := rr.get(k); !slices.Equal(got, want) {
			t.Errorf("%s sent resource %v, want %v", k, got, want)
		}
	}
	if aud(login) != orders {
		t.Errorf("login aud = %q", aud(login))
	}
	refreshed, err := pr.RefreshSet(ctx, login)
	if err != nil {
		t.Fatal(err)
	}
	if got := rr.get("/token refresh_token"); !slices.Equal(got, want) || aud(refreshed) != orders {
		t.Errorf("refresh sent resource %v, aud %q", got, aud(refreshed))
	}
	if _, err := pr.ExchangeToken(ctx, TokenExchangeOptions{SubjectToken: refreshed.AccessToken}); err != nil {
		t.Fatal(err)
	}
	if got := rr.get("/token urn:ietf:params:oauth:grant-type:token-exchange"); !slices.Equal(got, want) {
		t.Errorf("token exchange sent resource %v", got)
	}
	if _, err := pr.ClientCredentials(ctx, ClientCredentialsOptions{Scopes: []string{"api"}}); err != nil {
		t.Fatal(err)
	}
	if got := rr.get("/token client_credentials"); !slices.Equal(got, want) {
		t.Errorf("client credentials sent resource %v", got)
	}
	dev, err := pr.DeviceLogin(ctx, DeviceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rr.get("/device_authorization "); !slices.Equal(got, want) {
		t.Errorf("device authorization sent resource %v", got)
	}
	if got := rr.get("/token " + auth.DeviceGrantType); !slices.Equal(got, want) || aud(dev) != orders {
		t.Errorf("device token request sent resource %v, aud %q", got, aud(dev))
	}

	// PAR and a request object carry several resources too.
	two := []string{orders, srv.URL + "/api/inventory"}
	pr2 := demoProvider(t, srv.URL, nil, func(p *auth.Profile) {
		p.Resources, p.PAR, p.RequestObject = two, auth.PAROn, auth.RequestObjectNone
		p.ClientID, p.ClientSecret, p.ClientAuth = demoidp.PublicClientID, "", auth.AuthNone
	})
	ts2, err := pr2.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rr.get("/par "); len(got) != 0 {
		t.Errorf("PAR sent resource outside the request object: %v", got)
	}
	if got := ts2.Access; claimString(t, got, "aud") == "" {
		t.Errorf("PAR + request object: no aud in %v", got)
	}
	var auds []string
	if f, ok := ts2.Access.Claim("aud"); ok {
		_ = json.Unmarshal(f.Raw, &auds)
	}
	if !slices.Equal(auds, two) {
		t.Errorf("PAR + request object: aud %v, want %v", auds, two)
	}
}
