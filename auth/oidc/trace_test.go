package oidc

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// TestTraceRecordsLoginAndLogoutBrowserSteps: a login's authorization URL
// and redirect, and a logout's URL and the redirect back, are entries of
// the trace of the context, with the code and the ID token redacted.
func TestTraceRecordsLoginAndLogoutBrowserSteps(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	pr := newTestProvider(t, demoProfile(srv.URL), newFakeBrowser(t).Open)
	l := trace.NewLog(0)
	ctx, cancel := context.WithTimeout(trace.WithOp(trace.WithLog(context.Background(), l), "login"), 10*time.Second)
	defer cancel()
	ts, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := pr.Logout(trace.WithOp(ctx, "logout"), ts.IDToken, LogoutOptions{}); err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, e := range l.Entries() {
		u, _ := url.Parse(e.URL)
		seen = append(seen, e.Op+" "+e.Kind+" "+u.Path)
		if c := u.Query().Get("code"); c != "" && !strings.HasPrefix(c, "<redacted: code, sha256 #") {
			t.Errorf("%s: code %q", e.URL, c)
		}
		if h := u.Query().Get("id_token_hint"); h != "" && !strings.HasPrefix(h, "<redacted: jwt, sha256 #") {
			t.Errorf("%s: id_token_hint %q", e.URL, h)
		}
	}
	all, _ := json.Marshal(l.Entries())
	for _, tok := range []string{ts.AccessToken, ts.RefreshToken, ts.IDToken} {
		if strings.Contains(string(all), tok) {
			t.Errorf("the trace holds a token (%.12s…)", tok)
		}
	}
	got := strings.Join(seen, "\n")
	for _, want := range []string{"login browser /authorize", "login callback /callback", "login request /token", "logout browser /end_session", "logout callback /"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in the trace:\n%s", want, got)
		}
	}
}

// The JWKS fetched again for a kid it did not hold (the provider rotated
// its key between the login and a refresh) is an entry of the refresh's
// trace, like the first fetch is of the login's.
func TestTraceRecordsJWKSRefetch(t *testing.T) {
	keys, err := demoidptest.NewKeys(1024)
	if err != nil {
		t.Fatal(err)
	}
	_, srv := demoEnv(t, demoidp.Options{Keys: keys})
	pr := newTestProvider(t, demoProfile(srv.URL), newFakeBrowser(t).Open)
	l := trace.NewLog(0)
	ctx, cancel := context.WithTimeout(trace.WithLog(context.Background(), l), 10*time.Second)
	defer cancel()
	ts, err := pr.Login(trace.WithOp(ctx, "login"), LoginOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Rotate(); err != nil {
		t.Fatal(err)
	}
	next, err := pr.RefreshSet(trace.WithOp(ctx, "refresh"), ts)
	if err != nil {
		t.Fatal(err)
	}
	if next.ID.Kid != keys.KeyID() {
		t.Fatalf("refreshed ID token kid %q; want the new key %q", next.ID.Kid, keys.KeyID())
	}
	jwks := map[string]int{}
	for _, e := range l.Entries() {
		if strings.HasSuffix(e.URL, "/jwks.json") {
			jwks[e.Op]++
		}
	}
	if jwks["login"] != 1 || jwks["refresh"] != 1 {
		t.Errorf("JWKS fetches by operation %v; want one for the login and the refetch for the refresh", jwks)
	}
}
