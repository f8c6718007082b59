package oidc

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/discovery"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth"
)

// otherOrigin starts a server on 127.0.0.2 (another origin than the
// 127.0.0.1 test servers) that answers like a token endpoint, a discovery
// document and a JWKS, and counts what reached it.
func otherOrigin(t *testing.T) (*httptest.Server, *atomic.Int32, func() []string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2 on this machine: %v", err)
	}
	var hits atomic.Int32
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b)+" "+r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"at-from-the-other-origin","token_type":"Bearer","refresh_token":"rt-evil","issuer":"x","keys":[]}`)
	}))
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &hits, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), bodies...)
	}
}

// redirectingServer answers every request with status and a Location on
// target (path kept).
func redirectingServer(t *testing.T, status int, target string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Location", target+r.URL.Path)
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A token endpoint that redirects to another origin (RFC 6749 §3.2 has no
// redirects; issue: 307 to 127.0.0.2 resent client_secret and the refresh
// token there and adopted its JSON): not followed, nothing sent, no token
// set adopted, and the error says so without a secret.
func TestTokenEndpointRedirectToAnotherOriginIsNotFollowed(t *testing.T) {
	other, hits, bodies := otherOrigin(t)
	for _, status := range []int{307, 308, 302} {
		for _, method := range []auth.ClientAuth{auth.AuthPost, auth.AuthBasic} {
			t.Run(http.StatusText(status)+"/"+string(method), func(t *testing.T) {
				first := redirectingServer(t, status, other.URL)
				for _, c := range []*http.Client{nil, {Timeout: 5 * time.Second}} { // the shared client and a plain one
					if c == nil {
						var err error
						if c, err = auth.NewHTTPClient(auth.HTTPOptions{Timeout: 5 * time.Second}); err != nil {
							t.Fatal(err)
						}
					}
					p := auth.Profile{
						Name:      "redir",
						Endpoints: auth.Endpoints{AuthURL: first.URL + "/authorize", TokenURL: first.URL + "/token"},
						Client:    auth.Client{ClientID: "c", ClientSecret: faultClientSecret, ClientAuth: method},
					}
					pr, err := NewProvider(context.Background(), p, Env{HTTP: c})
					if err != nil {
						t.Fatal(err)
					}
					old := &auth.TokenSet{AccessToken: "at-old", RefreshToken: faultOldRefresh}
					ts, err := refreshAsShipped(t, context.Background(), pr, old)
					pr.Close()
					if err == nil {
						t.Fatalf("Refresh = %v; want an error", ts)
					}
					msg := err.Error()
					if !strings.HasPrefix(msg, "refresh: ") || !strings.Contains(msg, "another origin") || !strings.Contains(msg, other.Listener.Addr().String()) {
						t.Errorf("error %q; want it to start with refresh: and name the other origin", msg)
					}
					for _, secret := range []string{faultClientSecret, faultOldRefresh} {
						if strings.Contains(msg, secret) {
							t.Errorf("error %q shows a secret", msg)
						}
					}
				}
				if n := hits.Load(); n != 0 {
					t.Fatalf("the other origin got %d requests: %q", n, bodies())
				}
			})
		}
	}
}

// A redirect within the token endpoint's origin is still followed (307
// keeps the method and body).
func TestTokenEndpointSameOriginRedirectIsFollowed(t *testing.T) {
	var mux http.ServeMux
	mux.HandleFunc("/old/token", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/token", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if r.PostForm.Get("refresh_token") != "rt" {
			jsonReply(400, `{"error":"invalid_request"}`)(w, r)
			return
		}
		jsonReply(200, `{"access_token":"at-moved","token_type":"Bearer"}`)(w, r)
	})
	srv := httptest.NewServer(&mux)
	defer srv.Close()
	p := auth.Profile{Name: "moved", Endpoints: auth.Endpoints{AuthURL: srv.URL, TokenURL: srv.URL + "/old/token"}, Client: auth.Client{ClientID: "c", ClientSecret: "s"}}
	ts, err := newTestProvider(t, p, nil).Refresh(context.Background(), "rt")
	if err != nil || ts.AccessToken != "at-moved" {
		t.Fatalf("Refresh = %v, %v; want the token after the same-origin redirect", ts, err)
	}
}

// Discovery and the JWKS through the shared client: a redirect to another
// origin is refused with a message, and its document is not adopted.
func TestDiscoveryAndJWKSRedirectToAnotherOriginRefused(t *testing.T) {
	other, hits, _ := otherOrigin(t)
	first := redirectingServer(t, http.StatusFound, other.URL)
	c, err := auth.NewHTTPClient(auth.HTTPOptions{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_, err = discovery.Discover(context.Background(), c, first.URL)
	if err == nil || !strings.Contains(err.Error(), "another origin") || !strings.HasPrefix(err.Error(), "discovery: ") {
		t.Errorf("Discover: %v; want a redirect refusal", err)
	}
	v := check.NewVerifier(first.URL+"/jwks", c)
	defer v.Close()
	if _, err := v.Jwks(context.Background()); err == nil || !strings.Contains(err.Error(), "another origin") {
		t.Errorf("JWKS fetch: %v; want a redirect refusal", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the other origin got %d requests", n)
	}
}

// A provider with a self-signed certificate: the message names the CA
// problem and --ca-file, for the token endpoint and discovery; with the CA
// file both work.
func TestSelfSignedProviderNamesCAFileOption(t *testing.T) {
	setProxyEnv(t, "", "", "")
	var srv *httptest.Server
	srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			jsonReply(200, `{"issuer":"`+srv.URL+`","authorization_endpoint":"`+srv.URL+`/authorize","token_endpoint":"`+srv.URL+`/token"}`)(w, r)
		default:
			jsonReply(200, `{"access_token":"at-tls","token_type":"Bearer","expires_in":60}`)(w, r)
		}
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
	srv.StartTLS()
	defer srv.Close()

	_, err := refreshVia(t, auth.HTTPOptions{Timeout: 5 * time.Second}, srv.URL+"/token")
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) || !strings.Contains(err.Error(), "certificate authority") || !strings.Contains(err.Error(), "--ca-file") {
		t.Errorf("token endpoint without the CA file: %v; want the CA problem and --ca-file named", err)
	}
	plain, err := auth.NewHTTPClient(auth.HTTPOptions{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := discovery.Discover(context.Background(), plain, srv.URL); err == nil || !strings.Contains(err.Error(), "--ca-file") {
		t.Errorf("discovery without the CA file: %v; want --ca-file named", err)
	}

	withCA, err := auth.NewHTTPClient(auth.HTTPOptions{Timeout: 5 * time.Second, CAFile: writeCertPEM(t, srv)})
	if err != nil {
		t.Fatal(err)
	}
	pr, err := NewProvider(context.Background(), auth.Profile{Name: "tls", Issuer: srv.URL, Client: auth.Client{ClientID: "c", ClientSecret: "s"}}, Env{HTTP: withCA})
	if err != nil {
		t.Fatalf("discovery with the CA file: %v", err)
	}
	defer pr.Close()
	if ts, err := pr.Refresh(context.Background(), "rt"); err != nil || ts.AccessToken != "at-tls" {
		t.Errorf("refresh with the CA file: %v, %v", ts, err)
	}
}
