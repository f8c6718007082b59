package oidc

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

const (
	hygieneClientID     = "hygiene-client"
	hygieneClientSecret = "s3cr3t-XYZ-hygiene"
	hygieneWrongSecret  = "wr0ng-s3cr3t-XYZ-hygiene"
	viaEnvHeader        = "X-Hygiene-Via-Env"
)

// secretBag collects every secret value seen on the wire.
type secretBag struct {
	mu     sync.Mutex
	values map[string]string // value -> what it is
}

func (b *secretBag) add(what, v string) {
	if v == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.values == nil {
		b.values = map[string]string{}
	}
	if _, seen := b.values[v]; !seen {
		b.values[v] = what
	}
	// A token's payload and signature are secret on their own too (its
	// header is not: every RS256 JWT starts alike).
	if parts := strings.Split(v, "."); len(parts) == 3 {
		for _, p := range parts[1:] {
			if len(p) >= 16 {
				if _, seen := b.values[p]; !seen {
					b.values[p] = what + " (segment)"
				}
			}
		}
	}
}

func (b *secretBag) count(what string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, w := range b.values {
		if w == what {
			n++
		}
	}
	return n
}

// leaks returns the secrets found in text, described.
func (b *secretBag) leaks(text string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for v, what := range b.values {
		if strings.Contains(text, v) {
			out = append(out, fmt.Sprintf("%s %s", what, auth.Redact(v)))
		}
	}
	return out
}

// syncLog is a Logf that keeps every line.
type syncLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *syncLog) Logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.buf, format+"\n", args...)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// recordingIdP sits in front of demoidp's handler and records every secret
// that crosses it: state and nonce of authorization requests, the code in
// the redirect, the form values posted to /token (code, PKCE verifier,
// refresh token, client secret) and the tokens it answers. It also notes
// requests to back-channel endpoints that did not come through Env.HTTP.
func recordingIdP(next http.Handler, bag *secretBag, bypass *[]string, mu *sync.Mutex) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/authorize" {
			bag.add("state", r.URL.Query().Get("state"))
			bag.add("nonce", r.URL.Query().Get("nonce"))
		} else if r.Header.Get(viaEnvHeader) == "" {
			mu.Lock()
			*bypass = append(*bypass, r.Method+" "+r.URL.Path)
			mu.Unlock()
		}
		if r.Method == http.MethodPost {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			form, _ := url.ParseQuery(string(body))
			for _, k := range []string{"code", "code_verifier", "refresh_token", "client_secret", "token"} {
				bag.add(k+" (sent)", form.Get(k))
			}
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		if loc, err := url.Parse(rec.Header().Get("Location")); err == nil {
			bag.add("code", loc.Query().Get("code"))
		}
		var resp map[string]any
		if json.Unmarshal(rec.Body.Bytes(), &resp) == nil {
			for _, k := range []string{"access_token", "refresh_token", "id_token"} {
				s, _ := resp[k].(string)
				bag.add(k, s)
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// markTransport marks every request that goes through Env.HTTP.
type markTransport struct{ base http.RoundTripper }

func (m markTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(viaEnvHeader, "1")
	return m.base.RoundTrip(r)
}

// hygieneBrowser plays the browser step by step: it visits the
// authorization URL, reads the redirect, first sends the listener a forged
// redirect (wrong state, which gets logged), then the real one.
func hygieneBrowser(t *testing.T, bag *secretBag) Opener {
	client := &http.Client{
		Transport:     &http.Transport{DisableKeepAlives: true, Proxy: nil},
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	var wg sync.WaitGroup
	t.Cleanup(wg.Wait)
	return func(authURL string) error {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Get(authURL)
			if err != nil {
				return
			}
			resp.Body.Close()
			cb, err := url.Parse(resp.Header.Get("Location"))
			if err != nil {
				return
			}
			q := cb.Query()
			bag.add("code", q.Get("code"))
			bag.add("state", q.Get("state"))
			forged := *cb
			forged.RawQuery = url.Values{"code": {q.Get("code")}, "state": {"forged-state"}}.Encode()
			for _, u := range []string{forged.String(), cb.String()} {
				if resp, err := client.Get(u); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}()
		return nil
	}
}

// TestNoSecretsInLogsErrorsOrFiles runs a full login, a refresh, signature
// checks and a few failures against the demo provider with every log on,
// then looks for any token, code, PKCE verifier, state, nonce or client
// secret in the logs, in the errors and in every file under HOME.
func TestNoSecretsInLogsErrorsOrFiles(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv(auth.SecretEnvVar, "")

	var logs syncLog
	bag := &secretBag{}
	bag.add("client secret", hygieneClientSecret)
	bag.add("wrong client secret", hygieneWrongSecret)
	var bypassMu sync.Mutex
	var bypass []string

	idp, err := demoidp.New(demoidp.Options{
		AutoApprove: true, KeyBits: 1024, Logf: logs.Logf,
		Clients: map[string]demoidp.Client{hygieneClientID: {Secret: hygieneClientSecret}},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(recordingIdP(idp.Handler(), bag, &bypass, &bypassMu))
	t.Cleanup(srv.Close)
	idp.SetIssuer(srv.URL)

	client, err := auth.NewHTTPClient(auth.HTTPOptions{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	client.Transport = markTransport{client.Transport}
	env := Env{HTTP: client, Open: hygieneBrowser(t, bag), Logf: logs.Logf}

	// The profile as the window's form saves it: the typed secret stays out of the file.
	cfgPath, err := config.DefaultConfigPath()
	if err != nil || !strings.HasPrefix(cfgPath, home) {
		t.Fatalf("config path %q (%v) is not under the test HOME %q", cfgPath, err, home)
	}
	cfg, err := config.LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	p := auth.Profile{
		Name:         "hygiene",
		Issuer:       srv.URL,
		Client:       auth.Client{ClientID: hygieneClientID, ClientSecret: hygieneClientSecret, SecretSource: auth.SecretTyped, ClientAuth: auth.AuthPost},
		GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email", "offline_access"}},
	}
	cfg.Put(p)
	cfg.DefaultProfile = p.Name
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var errs []error
	pr, err := NewProvider(ctx, p, env)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	first, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	events := []history.Event{history.NewEvent(history.EventLogin, pr.Now(), nil, first, nil)}
	second, err := refreshAsShipped(t, ctx, pr, first)
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	events = append(events, history.NewEvent(history.EventRefresh, pr.Now(), first, second, nil))
	for _, d := range []jose.Decoded{second.Access, second.Refresh, second.ID} {
		if v := pr.Verifier().Verify(ctx, d); v.Status != check.SigVerified {
			t.Errorf("Verify = %+v; want verified", v)
		}
	}
	logs.Logf("session: %v / %+v / %s / %v", first, *first, second, events)

	// Failures: a reused refresh token (reuse detection revokes the family),
	// a refresh with the revoked family, and a login with a wrong secret.
	_, err = pr.Refresh(ctx, first.RefreshToken)
	errs = append(errs, err)
	_, err = refreshAsShipped(t, ctx, pr, second)
	errs = append(errs, err)
	events = append(events, history.NewEvent(history.EventRefresh, pr.Now(), second, nil, err))
	bad := p
	bad.ClientSecret = hygieneWrongSecret
	badPr, err := NewProvider(ctx, bad, env)
	if err != nil {
		t.Fatal(err)
	}
	defer badPr.Close()
	_, err = badPr.Login(ctx, LoginOptions{})
	errs = append(errs, err)
	for _, e := range errs {
		if e == nil {
			t.Fatal("an expected failure succeeded")
		}
	}

	// Sanity: the secrets were captured, and the logs are not empty.
	for what, min := range map[string]int{"state": 2, "nonce": 2, "code": 2, "code_verifier (sent)": 2,
		"access_token": 2, "refresh_token": 2, "id_token": 2, "client secret": 1} {
		if n := bag.count(what); n < min {
			t.Errorf("captured %d %s values; want at least %d", n, what, min)
		}
	}
	logText := logs.String()
	for _, want := range []string{"demoidp: authorize: issued code", "reused a rotated refresh token", "login: refused a redirect", "refresh: got TokenSet{"} {
		if !strings.Contains(logText, want) {
			t.Errorf("the logs lack %q; the test does not see what it should:\n%s", want, logText)
		}
	}

	if leaks := bag.leaks(logText); len(leaks) > 0 {
		t.Errorf("the logs show %v:\n%s", leaks, logText)
	}
	for _, e := range errs {
		for _, form := range []string{"%v", "%+v", "%#v"} {
			text := fmt.Sprintf(form, e)
			if leaks := bag.leaks(text); len(leaks) > 0 {
				t.Errorf("Sprintf(%q, err) = %q shows %v", form, text, leaks)
			}
		}
	}
	for _, ev := range events {
		if leaks := bag.leaks(fmt.Sprintf("%+v", ev)); len(leaks) > 0 {
			t.Errorf("history event %+v shows %v", ev, leaks)
		}
	}

	var files int
	err = filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if leaks := bag.leaks(string(b)); len(leaks) > 0 {
			t.Errorf("%s shows %v", path, leaks)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Error("no file under HOME: the config was not saved there")
	}
	if fi, err := os.Stat(cfgPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("config file: %v, %v; want mode 0600", fi, err)
	}

	bypassMu.Lock()
	defer bypassMu.Unlock()
	if len(bypass) > 0 {
		t.Errorf("requests that did not go through Env.HTTP: %v", bypass)
	}
}

func TestTokenSetAndErrorsNeverPrintTokens(t *testing.T) {
	access := faultJWT
	body := `{"access_token":"` + access + `","refresh_token":"rt-N3VER-print-me-0123456789","id_token":"` + faultJWT + `x","token_type":"bearer","expires_in":60}`
	tok := &auth.TokenSet{AccessToken: access, RefreshToken: "rt-N3VER-print-me-0123456789", IDToken: faultJWT + "x", TokenType: "bearer", ExpiresIn: 60, Raw: []byte(body)}
	tok.Fields = auth.ResponseFields(tok.Raw)
	tok.Access, tok.Refresh, tok.ID = jose.UnverifiedDecode(tok.AccessToken), jose.UnverifiedDecode(tok.RefreshToken), jose.UnverifiedDecode(tok.IDToken)
	bag := &secretBag{}
	for _, s := range []string{tok.AccessToken, tok.RefreshToken, tok.IDToken} {
		bag.add("token", s)
	}

	type holder struct {
		TS  auth.TokenSet
		Ptr *auth.TokenSet
	}
	values := map[string]any{
		"*TokenSet": tok, "TokenSet": *tok, "[]TokenSet": []auth.TokenSet{*tok}, "[]*TokenSet": []*auth.TokenSet{tok},
		"struct with TokenSet fields": holder{*tok, tok}, "map": map[string]*auth.TokenSet{"x": tok},
	}
	for name, v := range values {
		for _, form := range []string{"%v", "%+v", "%s", "%#v"} {
			text := fmt.Sprintf(form, v)
			if leaks := bag.leaks(text); len(leaks) > 0 {
				t.Errorf("Sprintf(%q, %s) = %.200q shows %v", form, name, text, leaks)
			}
		}
	}
	if s := tok.String(); !strings.Contains(s, "type=bearer") || !strings.Contains(s, "expires_in=60") {
		t.Errorf("String() = %q; want type and expires_in", s)
	}

	// Errors carry the provider's words, never what the client sent or got.
	errs := []error{
		&auth.OAuthError{Op: "refresh", Code: "invalid_grant", Description: "Token is expired", Status: 400},
		&auth.CallbackError{Code: "access_denied", Description: "no"},
		fmt.Errorf("refresh: %w", &auth.OAuthError{Op: "refresh", Status: 500}),
	}
	for _, e := range errs {
		for _, form := range []string{"%v", "%+v", "%#v"} {
			if leaks := bag.leaks(fmt.Sprintf(form, e)); len(leaks) > 0 {
				t.Errorf("Sprintf(%q, %T) shows %v", form, e, leaks)
			}
		}
	}
}

// setProxyEnv sets every spelling of the proxy variables for this test.
func setProxyEnv(t *testing.T, httpProxy, httpsProxy, noProxy string) {
	for k, v := range map[string]string{"HTTP_PROXY": httpProxy, "HTTPS_PROXY": httpsProxy, "NO_PROXY": noProxy, "REQUEST_METHOD": ""} {
		t.Setenv(k, v)
		t.Setenv(strings.ToLower(k), v)
	}
}

func proxyFor(t *testing.T, c *http.Client, rawURL string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, rawURL, nil)
	u, err := c.Transport.(*http.Transport).Proxy(req)
	if err != nil {
		t.Fatalf("Proxy(%s): %v", rawURL, err)
	}
	if u == nil {
		return ""
	}
	return u.String()
}

// The proxy variables are read when the client is made, whatever the process
// did before (http.ProxyFromEnvironment would freeze the first values seen).
func TestNewHTTPClientHonoursProxyEnvironment(t *testing.T) {
	setProxyEnv(t, "http://plain-proxy.test:3128", "http://tls-proxy.test:3128", "internal.test,.corp.test")
	c, err := auth.NewHTTPClient(auth.HTTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Timeout != auth.DefaultHTTPTimeout {
		t.Errorf("Timeout = %v; want %v", c.Timeout, auth.DefaultHTTPTimeout)
	}
	for u, want := range map[string]string{
		"https://idp.example.com/token":  "http://tls-proxy.test:3128",
		"http://idp.example.com/token":   "http://plain-proxy.test:3128",
		"https://internal.test/token":    "",
		"https://sso.corp.test/token":    "",
		"http://127.0.0.1:8080/callback": "",
	} {
		if got := proxyFor(t, c, u); got != want {
			t.Errorf("proxy for %s = %q; want %q", u, got, want)
		}
	}
	setProxyEnv(t, "", "http://other-proxy.test:8080", "")
	c2, err := auth.NewHTTPClient(auth.HTTPOptions{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if got := proxyFor(t, c2, "https://idp.example.com/token"); got != "http://other-proxy.test:8080" {
		t.Errorf("a client made after HTTPS_PROXY changed uses %q; want the new proxy", got)
	}
	if c2.Timeout != time.Second {
		t.Errorf("Timeout = %v; want 1s", c2.Timeout)
	}
}

// writeCertPEM writes the TLS test server's certificate as a CA file.
func writeCertPEM(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	b := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func tlsTokenServer(t *testing.T) *httptest.Server {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(jsonReply(200, `{"access_token":"at-tls","token_type":"Bearer","expires_in":60}`)))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func refreshVia(t *testing.T, o auth.HTTPOptions, tokenURL string) (*auth.TokenSet, error) {
	t.Helper()
	c, err := auth.NewHTTPClient(o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	p := auth.Profile{Name: "tls", Endpoints: auth.Endpoints{AuthURL: tokenURL, TokenURL: tokenURL}, Client: auth.Client{ClientID: "c", ClientSecret: "s"}}
	pr, err := NewProvider(context.Background(), p, Env{HTTP: c})
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	return pr.Refresh(context.Background(), "rt")
}

func TestHTTPClientCAFile(t *testing.T) {
	setProxyEnv(t, "", "", "")
	srv := tlsTokenServer(t)
	_, err := refreshVia(t, auth.HTTPOptions{Timeout: 5 * time.Second}, srv.URL+"/token")
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("without the CA file: %v; want a certificate error", err)
	}
	ts, err := refreshVia(t, auth.HTTPOptions{Timeout: 5 * time.Second, CAFile: writeCertPEM(t, srv)}, srv.URL+"/token")
	if err != nil || ts.AccessToken != "at-tls" {
		t.Errorf("with the CA file: %v, %v; want the token", ts, err)
	}

	if _, err := auth.NewHTTPClient(auth.HTTPOptions{CAFile: filepath.Join(t.TempDir(), "missing.pem")}); err == nil {
		t.Error("a missing CA file was accepted")
	}
	junk := filepath.Join(t.TempDir(), "junk.pem")
	os.WriteFile(junk, []byte("not a certificate"), 0o600)
	if _, err := auth.NewHTTPClient(auth.HTTPOptions{CAFile: junk}); err == nil || !strings.Contains(err.Error(), "no PEM certificates") {
		t.Errorf("a CA file without certificates: %v; want an error", err)
	}
}

// connectProxy is an HTTPS proxy (CONNECT) that tunnels every request to
// target, whatever host was asked for, and records the CONNECT targets.
func connectProxy(t *testing.T, target string) (*httptest.Server, func() []string) {
	var mu sync.Mutex // guards seen, conns
	var seen []string
	var conns []net.Conn
	var wg sync.WaitGroup
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		mu.Lock()
		seen = append(seen, r.Host)
		mu.Unlock()
		up, err := net.Dial("tcp", target)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		conn, rw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			up.Close()
			return
		}
		mu.Lock()
		conns = append(conns, conn, up)
		mu.Unlock()
		io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
		wg.Add(2)
		go func() { defer wg.Done(); io.Copy(up, rw); up.Close() }()
		go func() { defer wg.Done(); io.Copy(conn, up); conn.Close() }()
	}))
	t.Cleanup(func() {
		srv.Close()
		mu.Lock()
		for _, c := range conns { // tunnels are hijacked: srv.Close does not see them
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

// End to end through HTTPS_PROXY: the token endpoint is "example.com" (a
// name the test certificate holds), reachable only through the proxy, which
// tunnels to the local TLS server. No request leaves the machine.
func TestHTTPClientUsesHTTPSProxyAndCAFile(t *testing.T) {
	tlsSrv := tlsTokenServer(t)
	proxy, seen := connectProxy(t, tlsSrv.Listener.Addr().String())
	setProxyEnv(t, "", proxy.URL, "")
	ca := writeCertPEM(t, tlsSrv)
	probe, err := auth.NewHTTPClient(auth.HTTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := proxyFor(t, probe, "https://example.com/token"); got != proxy.URL {
		t.Fatalf("proxy for https://example.com = %q; want %q (stopping before a request could leave the machine)", got, proxy.URL)
	}

	ts, err := refreshVia(t, auth.HTTPOptions{Timeout: 5 * time.Second, CAFile: ca}, "https://example.com/token")
	if err != nil || ts.AccessToken != "at-tls" {
		t.Fatalf("through the proxy: %v, %v; want the token", ts, err)
	}
	if got := seen(); len(got) != 1 || got[0] != "example.com:443" {
		t.Errorf("proxy saw CONNECT %v; want example.com:443", got)
	}
	_, err = refreshVia(t, auth.HTTPOptions{Timeout: 5 * time.Second}, "https://example.com/token")
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Errorf("through the proxy without the CA file: %v; want a certificate error", err)
	}
}

// TLS verification cannot be switched off: no Go file of the repository,
// tests included, sets tls.Config's Insecure…SkipVerify.
func TestTLSVerificationNeverDisabled(t *testing.T) {
	needle := []byte("Insecure" + "SkipVerify")
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found: %v", err)
	}
	var n int
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "vendor") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		n++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, needle) {
			t.Errorf("%s mentions %s", path, needle)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Errorf("only %d Go files looked at; want the whole repository", n)
	}
}
