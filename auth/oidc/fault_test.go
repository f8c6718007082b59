package oidc

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/discovery"

	"github.com/tokeninspector/tokeninspector/auth"
)

// The token endpoint fault matrix: every row runs once through
// Provider.RefreshSet as the workspace and the refresh command call it
// (TestTokenEndpointFaultsRefresh) and once through a full browser login,
// Provider.Login (TestTokenEndpointFaultsCodeExchange). Whatever the
// endpoint does, nothing panics, the error names the operation and says
// what went wrong, no secret shows in it, a failure returns no token set
// and the token set the refresh started from is left as it was.

// Distinctive values the client sends; none may appear in an error.
const (
	faultClientSecret = "client-secret-F4ULT"
	faultOldRefresh   = "rt-old-F4ULT-refresh"
	faultCode         = "code-F4ULT-c0de"
)

// faultJWT is an unsigned-looking JWT access token whose exp is faultJWTExp.
var (
	faultJWTExp = time.Unix(2000000000, 0)
	faultJWT    = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"fault","exp":2000000000}`)) + ".c2ln"
)

// tokenFault is one row of the matrix.
type tokenFault struct {
	name string
	// respond plays the token endpoint; stop is closed when the test ends.
	respond func(w http.ResponseWriter, r *http.Request, stop <-chan struct{})
	// httpTimeout is the client's whole-request timeout (0: 5 s).
	httpTimeout time.Duration
	// wantErr lists substrings of the error ("" for none: success expected).
	wantErr []string
	// dead: the error says the presented grant is dead (NeedsLogin).
	dead bool
	// hint is a substring of OAuthError.Hint (when the error is an OAuthError).
	hint string
	// check inspects a successful result; refresh tells the flow.
	check func(t *testing.T, ts *auth.TokenSet, refresh bool)
}

func reply(status int, contentType, body string) func(http.ResponseWriter, *http.Request, <-chan struct{}) {
	return func(w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// hugeBody writes prefix, then 10 MB of filler, then suffix.
func hugeBody(status int, prefix string, filler byte, suffix string) func(http.ResponseWriter, *http.Request, <-chan struct{}) {
	return func(w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, prefix)
		chunk := []byte(strings.Repeat(string(filler), 64<<10))
		for range (10 << 20) / len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client hung up after its 1 MiB: fine
			}
		}
		io.WriteString(w, suffix)
	}
}

func tokenFaults() []tokenFault {
	return []tokenFault{
		{name: "HTTP 500", respond: reply(500, "text/plain", "Internal Server Error"),
			wantErr: []string{"Internal Server Error", "HTTP 500"}, hint: "tokens were kept"},
		{name: "HTTP 503", respond: func(w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
			w.Header().Set("Retry-After", "30")
			reply(503, "text/html", "<html><body>Service Unavailable</body></html>")(w, r, nil)
		}, wantErr: []string{"Service Unavailable", "HTTP 503"}, hint: "tokens were kept"},
		{name: "timeout", httpTimeout: 200 * time.Millisecond,
			respond: func(w http.ResponseWriter, r *http.Request, stop <-chan struct{}) {
				select { // block until the client gives up or the test ends
				case <-r.Context().Done():
				case <-stop:
				}
			}, wantErr: []string{"the token endpoint did not answer within 200ms"}},
		{name: "connection reset mid-body", respond: func(w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				panic(err)
			}
			io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"access_token\":\"at-cut")
			if tc, ok := conn.(*net.TCPConn); ok {
				tc.SetLinger(0) // close with RST, not FIN
			}
			conn.Close()
		}, wantErr: []string{"connection reset"}},
		{name: "HTML error page with status 200",
			respond: reply(200, "text/html; charset=utf-8", "<!doctype html><html><body><h1>Sign in to the corporate proxy</h1></body></html>"),
			wantErr: []string{"HTTP 200", "text/html"}},
		{name: "invalid JSON", respond: reply(200, "application/json", `{"access_token":"at-1","token_type":"Bearer",`),
			wantErr: []string{"HTTP 200", "cannot parse json"}},
		{name: "10 MB JSON body", respond: hugeBody(200, `{"access_token":"`, 'A', `","token_type":"Bearer"}`),
			wantErr: []string{"HTTP 200", "cannot parse json"}},
		{name: "10 MB body after a complete token response",
			respond: hugeBody(200, `{"access_token":"at-big","token_type":"Bearer","expires_in":60}`, ' ', ""),
			check: func(t *testing.T, ts *auth.TokenSet, _ bool) {
				if ts.AccessToken != "at-big" || ts.ExpiresIn != 60 {
					t.Errorf("got %v; want access token at-big expiring in 60 s", ts)
				}
			}},
		{name: "10 MB error body with HTTP 500", respond: hugeBody(500, `{"error":"server_error","error_description":"`, 'E', `"}`),
			wantErr: []string{"HTTP 500"}, hint: "tokens were kept"},
		{name: "invalid_grant", respond: reply(400, "application/json", `{"error":"invalid_grant","error_description":"Token is expired"}`),
			wantErr: []string{"invalid_grant: Token is expired (HTTP 400)"}, dead: true, hint: "log in again"},
		{name: "invalid_client", respond: reply(401, "application/json", `{"error":"invalid_client","error_description":"Client authentication failed"}`),
			wantErr: []string{"invalid_client: Client authentication failed (HTTP 401)"}, hint: "client credentials"},
		{name: "unauthorized_client", respond: reply(400, "application/json", `{"error":"unauthorized_client"}`),
			wantErr: []string{"unauthorized_client (HTTP 400)"}, hint: "client credentials"},
		{name: "no refresh_token in the response",
			respond: reply(200, "application/json", `{"access_token":"at-new","token_type":"Bearer","expires_in":300}`),
			check: func(t *testing.T, ts *auth.TokenSet, refresh bool) {
				if refresh && (ts.RefreshToken != faultOldRefresh || !ts.RefreshKept) {
					t.Errorf("RefreshToken = %s, RefreshKept = %v; want the old one kept", auth.Redact(ts.RefreshToken), ts.RefreshKept)
				}
				if !refresh && (ts.RefreshToken != "" || ts.RefreshKept) {
					t.Errorf("RefreshToken = %s, RefreshKept = %v; want none after a login", auth.Redact(ts.RefreshToken), ts.RefreshKept)
				}
			}},
		{name: "no expires_in, opaque access token",
			respond: reply(200, "application/json", `{"access_token":"at-opaque","token_type":"Bearer","refresh_token":"rt-new"}`),
			check: func(t *testing.T, ts *auth.TokenSet, _ bool) {
				if exp, ok := ts.Expiry(); ts.ExpiresIn != 0 || ok {
					t.Errorf("ExpiresIn = %d, Expiry = %v, %v; want 0 and unknown", ts.ExpiresIn, exp, ok)
				}
				if ts.RefreshToken != "rt-new" || ts.RefreshKept {
					t.Errorf("RefreshToken = %s, kept = %v; want the new one", auth.Redact(ts.RefreshToken), ts.RefreshKept)
				}
			}},
		{name: "no expires_in, JWT access token with exp",
			respond: reply(200, "application/json", `{"access_token":"`+faultJWT+`","token_type":"Bearer"}`),
			check: func(t *testing.T, ts *auth.TokenSet, _ bool) {
				if exp, ok := ts.Expiry(); ts.ExpiresIn != 0 || !ok || !exp.Equal(faultJWTExp) {
					t.Errorf("ExpiresIn = %d, Expiry = %v, %v; want 0 and the exp claim %v", ts.ExpiresIn, exp, ok, faultJWTExp)
				}
			}},
		{name: "token_type in lower case",
			respond: reply(200, "application/json", `{"access_token":"at-lower","token_type":"bearer","expires_in":60}`),
			check: func(t *testing.T, ts *auth.TokenSet, _ bool) {
				if ts.TokenType != "bearer" || ts.Bearer() != "Bearer at-lower" {
					t.Errorf("TokenType = %q, Bearer() = %q; want bearer as sent and \"Bearer at-lower\"", ts.TokenType, ts.Bearer())
				}
			}},
	}
}

// faultEndpoint serves one row's token endpoint (and an /authorize that
// sends the browser straight back with faultCode) and records what the
// client sent, so the secrets can be looked for in the error.
type faultEndpoint struct {
	srv  *httptest.Server
	mu   sync.Mutex // guards sent
	sent []string   // every form value the client posted to /token
}

func newFaultEndpoint(t *testing.T, f tokenFault) *faultEndpoint {
	t.Helper()
	fe := &faultEndpoint{}
	stop := make(chan struct{})
	fe.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/authorize":
			q := r.URL.Query()
			http.Redirect(w, r, q.Get("redirect_uri")+"?code="+faultCode+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
		case "/token":
			r.ParseForm()
			fe.mu.Lock()
			for _, vs := range r.PostForm {
				fe.sent = append(fe.sent, vs...)
			}
			fe.mu.Unlock()
			f.respond(w, r, stop)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(fe.srv.Close)
	t.Cleanup(func() { close(stop) }) // runs first: releases blocked handlers
	return fe
}

// provider returns a provider for the endpoint using NewHTTPClient.
func (fe *faultEndpoint) provider(t *testing.T, timeout time.Duration, open Opener) *Provider {
	t.Helper()
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	client, err := auth.NewHTTPClient(auth.HTTPOptions{Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	p := auth.Profile{
		Name:         "fault",
		Endpoints:    auth.Endpoints{AuthURL: fe.srv.URL + "/authorize", TokenURL: fe.srv.URL + "/token"},
		Client:       auth.Client{ClientID: "fault-client", ClientSecret: faultClientSecret},
		GrantOptions: auth.GrantOptions{Scopes: []string{"api"}},
	}
	pr, err := NewProvider(context.Background(), p, Env{HTTP: client, Open: open})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pr.Close)
	return pr
}

func (fe *faultEndpoint) secrets() []string {
	fe.mu.Lock()
	defer fe.mu.Unlock()
	out := []string{faultClientSecret, faultOldRefresh, faultCode}
	for _, v := range fe.sent {
		if len(v) >= 20 { // the PKCE verifier (43 chars); short values are grant types and ids
			out = append(out, v)
		}
	}
	return out
}

// checkFault asserts the common part of a row: error or not, message,
// hint, dead or not, no secret and no megabyte in the message.
func checkFault(t *testing.T, f tokenFault, op string, ts *auth.TokenSet, err error, secrets []string) {
	t.Helper()
	if len(f.wantErr) == 0 {
		if err != nil {
			t.Fatalf("error = %v; want success", err)
		}
		if ts == nil {
			t.Fatal("no token set and no error")
		}
		if len(ts.Raw) > discovery.MaxDocBytes {
			t.Errorf("len(Raw) = %d; want at most %d", len(ts.Raw), discovery.MaxDocBytes)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error (got %v); want one mentioning %q", ts, f.wantErr)
	}
	t.Logf("error: %v", err)
	msg := err.Error()
	if !strings.HasPrefix(msg, op+": ") {
		t.Errorf("error %q does not start with %q", msg, op+": ")
	}
	for _, want := range f.wantErr {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if len(msg) > 1024 {
		t.Errorf("error message is %d bytes long; want a short one", len(msg))
	}
	if auth.NeedsLogin(err) != f.dead {
		t.Errorf("NeedsLogin = %v; want %v", auth.NeedsLogin(err), f.dead)
	}
	var oe *auth.OAuthError
	if f.hint != "" && (!errors.As(err, &oe) || !strings.Contains(oe.Hint(), f.hint)) {
		t.Errorf("error %#v has hint %q; want one mentioning %q", err, hintOf(err), f.hint)
	}
	for _, form := range []string{"%v", "%+v", "%s", "%q"} {
		printed := fmt.Sprintf(form, err)
		for _, s := range secrets {
			if strings.Contains(printed, s) {
				t.Errorf("Sprintf(%q, err) = %q shows the secret %q", form, printed, s)
			}
		}
	}
}

func hintOf(err error) string {
	var oe *auth.OAuthError
	if errors.As(err, &oe) {
		return oe.Hint()
	}
	return ""
}

func TestTokenEndpointFaultsRefresh(t *testing.T) {
	for _, f := range tokenFaults() {
		t.Run(f.name, func(t *testing.T) {
			fe := newFaultEndpoint(t, f)
			pr := fe.provider(t, f.httpTimeout, nil)
			old := &auth.TokenSet{AccessToken: "at-old", RefreshToken: faultOldRefresh}

			ts, err := refreshAsShipped(t, context.Background(), pr, old)
			checkFault(t, f, "refresh", ts, err, fe.secrets())
			if t.Failed() {
				return
			}
			if err == nil {
				f.check(t, ts, true)
			}
		})
	}
}

func TestTokenEndpointFaultsCodeExchange(t *testing.T) {
	for _, f := range tokenFaults() {
		t.Run(f.name, func(t *testing.T) {
			fe := newFaultEndpoint(t, f)
			b := newRedirectBrowser(t)
			pr := fe.provider(t, f.httpTimeout, b.Open)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // hang guard only
			defer cancel()

			ts, err := pr.Login(ctx, LoginOptions{})
			checkFault(t, f, "code exchange", ts, err, fe.secrets())
			if t.Failed() {
				return
			}
			if len(b.visited()) < 2 {
				t.Errorf("the browser visited %d URLs; want the authorization URL and the callback", len(b.visited()))
			}
			if err != nil {
				if ts != nil {
					t.Errorf("a failed login returned %v with its error", ts)
				}
			} else {
				f.check(t, ts, false)
			}
		})
	}
}

// redirectBrowser "opens" a URL by following its redirects with a plain
// HTTP client, as a browser would, recording every URL it visits. The test
// waits for it to finish before it ends.
type redirectBrowser struct {
	client *http.Client
	wg     sync.WaitGroup
	mu     sync.Mutex // guards urls, pages
	urls   []string
	pages  []string
}

func newRedirectBrowser(t *testing.T) *redirectBrowser {
	b := &redirectBrowser{}
	b.client = &http.Client{
		Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil},
		Timeout:   30 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			b.record(req.URL.String(), "")
			return nil
		},
	}
	t.Cleanup(b.wg.Wait)
	return b
}

func (b *redirectBrowser) record(u, page string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if u != "" {
		b.urls = append(b.urls, u)
	}
	if page != "" {
		b.pages = append(b.pages, page)
	}
}

func (b *redirectBrowser) Open(u string) error {
	b.record(u, "")
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		resp, err := b.client.Get(u)
		if err != nil {
			b.record("", "error: "+err.Error())
			return
		}
		defer resp.Body.Close()
		page, _ := io.ReadAll(resp.Body)
		b.record("", string(page))
	}()
	return nil
}

func (b *redirectBrowser) visited() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.urls...)
}

// claimsWith is a complete ID token payload for client "c" (no issuer
// configured, so any iss is only reported) plus extra members.
func claimsWith(extra string) string {
	now := time.Now().Unix()
	c := fmt.Sprintf(`{"iss":"https://idp.test","sub":"x","aud":"c","iat":%d,"exp":%d`, now, now+300)
	if extra != "" {
		c += "," + extra
	}
	return c + "}"
}

// An ID token must carry this login's nonce (OpenID Connect Core §3.1.3.7):
// a replayed or mixed-up token response is refused.
func TestLoginRejectsIDTokenWithoutThisLoginsNonce(t *testing.T) {
	idToken := func(claims string) string {
		return base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." +
			base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".c2ln"
	}
	for _, tc := range []struct {
		name   string
		claims func(nonce string) string
		ok     bool
	}{
		{"this login's nonce", func(n string) string { return claimsWith(`"nonce":"` + n + `"`) }, true},
		{"another nonce", func(n string) string { return claimsWith(`"nonce":"` + n + `x"`) }, false},
		{"no nonce", func(string) string { return claimsWith(``) }, false},
		{"nonce not a string", func(string) string { return claimsWith(`"nonce":42`) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var nonce string
			var mu sync.Mutex
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/authorize":
					q := r.URL.Query()
					mu.Lock()
					nonce = q.Get("nonce")
					mu.Unlock()
					http.Redirect(w, r, q.Get("redirect_uri")+"?code=c&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
				case "/token":
					mu.Lock()
					n := nonce
					mu.Unlock()
					jsonReply(200, `{"access_token":"at","token_type":"Bearer","id_token":"`+idToken(tc.claims(n))+`"}`)(w, r)
				}
			}))
			defer srv.Close()
			p := auth.Profile{Name: "nonce", Endpoints: auth.Endpoints{AuthURL: srv.URL + "/authorize", TokenURL: srv.URL + "/token"}, Client: auth.Client{ClientID: "c", ClientAuth: auth.AuthNone}, GrantOptions: auth.GrantOptions{Scopes: []string{"openid"}}}
			pr := newTestProvider(t, p, newRedirectBrowser(t).Open)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			ts, err := pr.Login(ctx, LoginOptions{})
			if tc.ok && err != nil {
				t.Fatalf("Login: %v", err)
			}
			if refused, ok := errors.AsType[*auth.RefusedAnswerError](err); !tc.ok && (!ok || refused.Check != "nonce" || refused.Set == nil) {
				t.Fatalf("Login = %v, %v; want refused on the nonce check, with the answer kept for display", ts, err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(nonce) < 43 {
				t.Errorf("nonce %q is shorter than 256 bits", nonce)
			}
		})
	}
}
