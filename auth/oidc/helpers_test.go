package oidc

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
)

// demoEnv starts the demo provider (auto-approving) on an httptest server.
func demoEnv(t *testing.T, opts demoidp.Options) (*demoidptest.Handler, *httptest.Server) {
	t.Helper()
	opts.AutoApprove = true
	idp, err := demoidp.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	rec := demoidptest.Wrap(idp.Handler())
	ts := httptest.NewServer(rec)
	t.Cleanup(ts.Close)
	idp.SetIssuer(ts.URL)
	return rec, ts
}

// demoProfile is a profile for the demo provider at issuer.
func demoProfile(issuer string) auth.Profile {
	return auth.Profile{
		Name:         "test",
		Issuer:       issuer,
		Client:       auth.Client{ClientID: demoidp.DemoClientID, ClientSecret: demoidp.DemoClientSecret, ClientAuth: auth.AuthPost},
		GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email"}},
	}
}

// fakeBrowser "opens" a URL by following its redirects with an HTTP client,
// the way a browser would end up at the loopback listener.
type fakeBrowser struct {
	t      *testing.T
	opened chan string
}

func newFakeBrowser(t *testing.T) *fakeBrowser {
	return &fakeBrowser{t: t, opened: make(chan string, 4)}
}

func (b *fakeBrowser) Open(u string) error {
	b.opened <- u
	go func() {
		resp, err := http.Get(u)
		if err != nil {
			b.t.Logf("fake browser: %v", err)
			return
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body) // the page the browser would show
	}()
	return nil
}

// newTestProvider resolves p against the test servers with browser b.
func newTestProvider(t *testing.T, p auth.Profile, open Opener) *Provider {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pr, err := NewProvider(ctx, p, Env{HTTP: &http.Client{Timeout: 5 * time.Second}, Open: open})
	if err != nil {
		t.Fatalf("NewProvider: %v", err)
	}
	t.Cleanup(pr.Close)
	return pr
}

// loginDemo runs a full login against a fresh demo provider.
func loginDemo(t *testing.T, opts demoidp.Options) (*Provider, *auth.TokenSet, *demoidptest.Handler) {
	t.Helper()
	idp, srv := demoEnv(t, opts)
	pr := newTestProvider(t, demoProfile(srv.URL), newFakeBrowser(t).Open)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	return pr, ts, idp
}

func mustf(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		t.Errorf(format, args...)
	}
}
