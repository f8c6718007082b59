package oidc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// rp-registration-dynamic: register a native client at the demo provider,
// then log in with it — as a public client and as a confidential one.
func TestRegisterThenLogin(t *testing.T) {
	for _, method := range []auth.ClientAuth{"", auth.AuthBasic} {
		t.Run("rp-registration-dynamic/"+string(method), func(t *testing.T) {
			_, srv := demoEnv(t, demoidp.Options{})
			p := auth.Profile{Name: "dyn", Issuer: srv.URL, Client: auth.Client{ClientAuth: method},
				GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile"}}}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			reg, err := Register(ctx, Env{HTTP: srv.Client()}, p)
			if err != nil {
				t.Fatal(err)
			}
			if reg.ClientID == "" || reg.ClientIDIssuedAt == 0 || len(reg.RedirectURIs) != 1 || reg.RedirectURIs[0] != "http://127.0.0.1/callback" {
				t.Fatalf("registration %+v; want a client id, its issue time and the port-less loopback redirect", reg)
			}
			wantMethod := string(method)
			if method == "" {
				wantMethod = "none" // a native app without a setting registers as a public client
			}
			if reg.AuthMethod != wantMethod || reg.SecretIssued != (method == auth.AuthBasic) {
				t.Fatalf("registered %s (secret %v); want %s", reg.AuthMethod, reg.SecretIssued, wantMethod)
			}
			if b, _ := json.Marshal(reg); reg.ClientSecret != "" && bytes.Contains(b, []byte(reg.ClientSecret)) {
				t.Fatal("the registration's JSON carries the client secret")
			}
			reg.Apply(&p)
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			pr := newTestProvider(t, p, newFakeBrowser(t).Open)
			ts, err := pr.Login(ctx, LoginOptions{})
			if err != nil || ts.AccessToken == "" {
				t.Fatalf("login with the registered client: %v", err)
			}
			if aud, _ := ts.ID.Claim("aud"); !strings.Contains(string(aud.Raw), reg.ClientID) {
				t.Errorf("ID token aud %s; want the registered client %s", aud.Raw, reg.ClientID)
			}
		})
	}
}

// A provider that refuses the metadata: the RFC 7591 §3.2.2 error comes
// back explained. A proxy in front of the demo provider swaps the redirect
// URIs for one the provider refuses; the refusal is the demo's own.
func TestRegisterRefusedIsExplained(t *testing.T) {
	_, demo := demoEnv(t, demoidp.Options{})
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.URL.Path == "/register" {
			body = bytes.ReplaceAll(body, []byte("http://127.0.0.1/callback"), []byte("https://evil.example/callback"))
		}
		req, _ := http.NewRequest(r.Method, demo.URL+r.URL.RequestURI(), bytes.NewReader(body))
		req.Header = r.Header
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	defer proxy.Close()
	// The demo names itself in discovery; the proxy only reaches its endpoints.
	p := auth.Profile{Name: "dyn", Issuer: demo.URL}
	env := Env{HTTP: &http.Client{Transport: rewriteHost{to: proxy.URL}}}
	_, err := Register(context.Background(), env, p)
	var re *RegistrationError
	if !errors.As(err, &re) || re.Code != "invalid_redirect_uri" || re.Status != http.StatusBadRequest {
		t.Fatalf("Register = %v; want the provider's invalid_redirect_uri", err)
	}
	for _, want := range []string{"invalid_redirect_uri", "evil.example", "127.0.0.1 (RFC 8252 §7.3)", "redirect ports"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// rewriteHost sends every request to another base URL (the proxy).
type rewriteHost struct{ to string }

func (rt rewriteHost) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	u := *r.URL
	u.Scheme, u.Host = "http", strings.TrimPrefix(rt.to, "http://")
	r.URL, r.Host = &u, ""
	return http.DefaultTransport.RoundTrip(r)
}
