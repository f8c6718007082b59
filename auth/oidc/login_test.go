package oidc

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"golang.org/x/oauth2"
)

func TestLoginAgainstDemoProvider(t *testing.T) {
	pr, ts, idp := loginDemo(t, demoidp.Options{})
	if ts.AccessToken == "" || ts.RefreshToken == "" || ts.IDToken == "" {
		t.Fatalf("got %v; want access, refresh and ID token", ts)
	}
	if got := ts.Access.Format; got != jose.FormatJWT {
		t.Errorf("access Format = %q; want jwt", got)
	}
	if got := ts.Access.Alg; got != "RS256" {
		t.Errorf("access Alg = %q; want RS256", got)
	}
	if f, ok := ts.Refresh.Claim("ati"); !ok || strings.Trim(string(f.Raw), `"`) != ts.Access.JTI {
		t.Errorf("refresh ati = %s; want access jti %q", f.Raw, ts.Access.JTI)
	}
	if _, ok := ts.Field("jti"); !ok {
		t.Errorf("response fields %v lack the extra field jti", ts.Fields)
	}
	if !strings.Contains(string(ts.Raw), `"access_token"`) {
		t.Errorf("Raw = %.80q; want the response body", ts.Raw)
	}
	for _, d := range []jose.Decoded{ts.Access, ts.Refresh, ts.ID} {
		if v := pr.Verifier().Verify(context.Background(), d); v.Status != check.SigVerified {
			t.Errorf("Verify = %v; want verified", v)
		}
	}
	if st := idp.Stats(); st.AuthorizationCodeGrants != 1 {
		t.Errorf("AuthorizationCodeGrants = %d; want 1", st.AuthorizationCodeGrants)
	}
}

func TestLoginRequestCarriesPKCEStateNonce(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	b := newFakeBrowser(t)
	pr := newTestProvider(t, demoProfile(srv.URL), b.Open)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := pr.Login(ctx, LoginOptions{}); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(<-b.opened)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 {
		t.Errorf("code_challenge = %q (%s); want S256 PKCE", q.Get("code_challenge"), q.Get("code_challenge_method"))
	}
	if len(q.Get("state")) < 22 { // 128 bits base64url
		t.Errorf("state %q is shorter than 128 bits", q.Get("state"))
	}
	if q.Get("nonce") == "" {
		t.Error("no nonce with scope openid")
	}
	ru, _ := url.Parse(q.Get("redirect_uri"))
	if ru.Hostname() != "127.0.0.1" || ru.Path != "/callback" {
		t.Errorf("redirect_uri = %q; want http://127.0.0.1:PORT/callback", ru)
	}
}

// A token endpoint that checks the PKCE verifier itself, independent of the demo provider.
func TestLoginSendsMatchingVerifier(t *testing.T) {
	var challenge, redirect atomic.Value
	var mux http.ServeMux
	srv := httptest.NewServer(&mux)
	defer srv.Close()
	mux.HandleFunc("/authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		challenge.Store(q.Get("code_challenge"))
		redirect.Store(q.Get("redirect_uri"))
		http.Redirect(w, r, q.Get("redirect_uri")+"?code=c0de&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if got := oauth2.S256ChallengeFromVerifier(r.PostForm.Get("code_verifier")); got != challenge.Load() {
			http.Error(w, `{"error":"invalid_grant","error_description":"PKCE mismatch"}`, 400)
			return
		}
		if r.PostForm.Get("redirect_uri") != redirect.Load() || r.PostForm.Get("code") != "c0de" {
			http.Error(w, `{"error":"invalid_grant"}`, 400)
			return
		}
		if r.PostForm.Get("client_secret") != "s3cret" {
			http.Error(w, `{"error":"invalid_client"}`, 401)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"opaque-access","token_type":"bearer","expires_in":60}`)
	})
	p := auth.Profile{Name: "x", Endpoints: auth.Endpoints{AuthURL: srv.URL + "/authorize", TokenURL: srv.URL + "/token"}, Client: auth.Client{ClientID: "c", ClientSecret: "s3cret"}, GrantOptions: auth.GrantOptions{Scopes: []string{"api"}}}
	pr := newTestProvider(t, p, newFakeBrowser(t).Open)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if ts.Access.Format != jose.FormatOpaque || ts.ExpiresIn != 60 {
		t.Errorf("got %v; want an opaque access token expiring in 60 s", ts)
	}
}

// startLogin runs Login in the background and returns the redirect URI and state it waits on.
func startLogin(t *testing.T, p auth.Profile, o LoginOptions) (redirectURI, state string, done chan error) {
	t.Helper()
	opened := make(chan string, 1)
	pr := newTestProvider(t, p, func(u string) error { opened <- u; return nil })
	done = make(chan error, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	go func() { _, err := pr.Login(ctx, o); done <- err }()
	u, _ := url.Parse(<-opened)
	return u.Query().Get("redirect_uri"), u.Query().Get("state"), done
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestCallbackRefusalsDoNotEndTheWait(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	redirect, state, done := startLogin(t, demoProfile(srv.URL), LoginOptions{})
	base := strings.TrimSuffix(redirect, "/callback")
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/callback?code=x&state=wrong", 400},
		{"/callback?state=" + url.QueryEscape(state), 400},
		{"/callback?error=access_denied&state=wrong", 400},
		{"/favicon.ico", 404},
	} {
		if code, _ := get(t, base+tc.path); code != tc.want {
			t.Errorf("GET %s = %d; want %d", tc.path, code, tc.want)
		}
	}
	select {
	case err := <-done:
		t.Fatalf("login ended early: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	// As the demo provider would send it: with iss (RFC 9207), which it advertises.
	code, body := get(t, redirect+"?error=access_denied&error_description=User+said+no&state="+url.QueryEscape(state)+"&iss="+url.QueryEscape(srv.URL))
	if code != 200 || !strings.Contains(body, "Login failed") {
		t.Errorf("error callback page = %d %q", code, body)
	}
	err := <-done
	var ce *auth.CallbackError
	if !errors.As(err, &ce) || ce.Code != "access_denied" || ce.Description != "User said no" {
		t.Fatalf("Login error = %v; want access_denied with the description verbatim", err)
	}
	if code, _ := get(t, redirect+"?code=late&state="+url.QueryEscape(state)); code != 0 {
		t.Errorf("a callback after the end got HTTP %d; want the listener closed", code)
	}
}

func TestLoginListensOnLoopbackOnly(t *testing.T) {
	l, err := listenLoopback(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if ip := l.Addr().(*net.TCPAddr).IP; !ip.Equal(net.IPv4(127, 0, 0, 1)) {
		t.Errorf("listener address = %v; want 127.0.0.1", l.Addr())
	}
}

func TestLoginTriesFixedPortsInOrder(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	free, _ := net.Listen("tcp", "127.0.0.1:0")
	freePort := free.Addr().(*net.TCPAddr).Port
	free.Close()
	l, err := listenLoopback([]int{busy.Addr().(*net.TCPAddr).Port, freePort})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if got := l.Addr().(*net.TCPAddr).Port; got != freePort {
		t.Errorf("port = %d; want the first free one %d", got, freePort)
	}
}

func TestLoginBrowserFailure(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	pr := newTestProvider(t, demoProfile(srv.URL), func(string) error { return errors.New("no display") })
	_, err := pr.Login(context.Background(), LoginOptions{})
	var oe *auth.OpenBrowserError
	if !errors.As(err, &oe) || !strings.HasPrefix(oe.URL, srv.URL+"/authorize?") || !strings.Contains(err.Error(), oe.URL) {
		t.Fatalf("Login error = %v; want an OpenBrowserError carrying the URL", err)
	}
}

func TestLoginCancelAndTimeout(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	pr := newTestProvider(t, demoProfile(srv.URL), func(string) error { return nil })
	_, err := pr.Login(context.Background(), LoginOptions{Timeout: 20 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "no answer from the browser") {
		t.Errorf("timeout error = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := pr.Login(ctx, LoginOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancel error = %v; want context.Canceled", err)
	}
}
