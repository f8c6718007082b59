package demoidp_test

import (
	"bytes"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
)

// testRedirect is the loopback redirect URI used by the tests. Nothing
// listens there: the tests read the Location header instead.
const testRedirect = "http://127.0.0.1:49152/callback"

// clock is an injectable, manually advanced clock.
type clock struct {
	mu sync.Mutex // guards t
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a provider served by httptest with an injected clock.
type env struct {
	t     *testing.T
	idp   *demoidp.Server
	rec   *demoidptest.Handler // counts requests and outcomes, injects failures
	keys  *demoidptest.Keys    // the provider's signing keys
	ts    *httptest.Server
	clock *clock
	http  *http.Client // does not follow redirects

	logMu sync.Mutex // guards logs
	logs  []string
}

// newEnv starts a provider. Zero KeyBits means 1024 to keep tests fast.
func newEnv(t *testing.T, opts demoidp.Options) *env {
	t.Helper()
	e := &env{t: t, clock: &clock{t: time.Now().Truncate(time.Second)}}
	if opts.Now == nil {
		opts.Now = e.clock.Now
	}
	if opts.KeyBits == 0 {
		opts.KeyBits = 1024
	}
	keys, err := demoidptest.NewKeys(opts.KeyBits)
	if err != nil {
		t.Fatal(err)
	}
	e.keys = keys
	opts.Keys = keys
	opts.Logf = func(format string, args ...any) {
		e.logMu.Lock()
		defer e.logMu.Unlock()
		e.logs = append(e.logs, fmt.Sprintf(format, args...))
	}
	idp, err := demoidp.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	e.idp = idp
	e.rec = demoidptest.Wrap(idp.Handler())
	e.ts = httptest.NewServer(e.rec)
	t.Cleanup(e.ts.Close)
	idp.SetIssuer(e.ts.URL)
	hc := *e.ts.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	e.http = &hc
	return e
}

// assertNotLogged fails if any secret appears in the provider's log.
func (e *env) assertNotLogged(secrets ...string) {
	e.t.Helper()
	e.logMu.Lock()
	defer e.logMu.Unlock()
	for _, line := range e.logs {
		for _, s := range secrets {
			if s != "" && strings.Contains(line, s) {
				e.t.Errorf("log line leaks a secret: %q", line)
			}
		}
	}
}

// pkce returns a fresh verifier and its S256 challenge.
func pkce() (verifier, challenge string) {
	v := oauth2.GenerateVerifier()
	return v, oauth2.S256ChallengeFromVerifier(v)
}

// authParams returns a valid authorization request.
func authParams(clientID, challenge string) url.Values {
	return url.Values{
		"client_id":             {clientID},
		"redirect_uri":          {testRedirect},
		"response_type":         {"code"},
		"scope":                 {"openid profile email"},
		"state":                 {"st-123"},
		"nonce":                 {"n-456"},
		"code_challenge":        {challenge},
		"code_challenge_method": {"S256"},
		"prompt":                {"login"}, // extra parameters are ignored
	}
}

// get performs a GET without following redirects.
func (e *env) get(path string, q url.Values) *http.Response {
	e.t.Helper()
	u := e.ts.URL + path
	if q != nil {
		u += "?" + q.Encode()
	}
	resp, err := e.http.Get(u)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	e.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// redirectQuery asserts a 302 to testRedirect and returns its query.
func (e *env) redirectQuery(resp *http.Response) url.Values {
	e.t.Helper()
	if resp.StatusCode != http.StatusFound {
		e.t.Fatalf("status = %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		e.t.Fatalf("Location: %v", err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != testRedirect {
		e.t.Fatalf("redirected to %q, want %q", got, testRedirect)
	}
	return loc.Query()
}

// code runs an auto-approved authorization request and returns the code.
func (e *env) code(params url.Values) string {
	e.t.Helper()
	q := e.redirectQuery(e.get("/authorize", params))
	if q.Get("error") != "" {
		e.t.Fatalf("authorize error %s: %s", q.Get("error"), q.Get("error_description"))
	}
	if q.Get("state") != params.Get("state") {
		e.t.Fatalf("state = %q, want %q", q.Get("state"), params.Get("state"))
	}
	if q.Get("iss") != e.ts.URL {
		e.t.Fatalf("iss = %q, want %q", q.Get("iss"), e.ts.URL)
	}
	return q.Get("code")
}

// tokenResponse holds a success or error response of /token.
type tokenResponse struct {
	Status           int    `json:"-"`
	AccessToken      string `json:"access_token"`
	TokenType        string `json:"token_type"`
	ExpiresIn        int64  `json:"expires_in"`
	RefreshToken     string `json:"refresh_token"`
	Scope            string `json:"scope"`
	JTI              string `json:"jti"`
	IDToken          string `json:"id_token"`
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	header           http.Header
}

// post sends a form, with HTTP Basic credentials when user is not empty
// (form-url-encoded as RFC 6749 §2.3.1 requires).
func (e *env) post(path string, form url.Values, user, pass string) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if user != "" {
		req.SetBasicAuth(url.QueryEscape(user), url.QueryEscape(pass))
	}
	resp, err := e.http.Do(req)
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	e.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// token posts to /token and decodes the response.
func (e *env) token(form url.Values, user, pass string) tokenResponse {
	e.t.Helper()
	resp := e.post("/token", form, user, pass)
	var tr tokenResponse
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		e.t.Fatalf("decode token response: %v", err)
	}
	tr.Status, tr.header = resp.StatusCode, resp.Header
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		e.t.Errorf("Cache-Control = %q, want no-store", cc)
	}
	return tr
}

// wantError asserts an OAuth error response.
func wantError(t *testing.T, tr tokenResponse, status int, code string) {
	t.Helper()
	if tr.Status != status || tr.Error != code {
		t.Fatalf("got status %d error %q (%s), want %d %q", tr.Status, tr.Error, tr.ErrorDescription, status, code)
	}
	if tr.AccessToken != "" {
		t.Fatalf("error response carries an access token")
	}
}

// wantOK asserts a successful token response.
func wantOK(t *testing.T, tr tokenResponse) {
	t.Helper()
	if tr.Status != http.StatusOK || tr.AccessToken == "" || tr.RefreshToken == "" {
		t.Fatalf("token request failed: status %d error %q (%s)", tr.Status, tr.Error, tr.ErrorDescription)
	}
}

// exchangeForm is an authorization_code request for the demo client.
func exchangeForm(code, verifier string) url.Values {
	return url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {testRedirect},
		"code_verifier": {verifier},
		"client_id":     {demoidp.DemoClientID},
		"client_secret": {demoidp.DemoClientSecret},
	}
}

// refreshForm is a refresh_token request for the demo client.
func refreshForm(refresh string) url.Values {
	return url.Values{
		"grant_type":    {"refresh_token"},
		"refresh_token": {refresh},
		"client_id":     {demoidp.DemoClientID},
		"client_secret": {demoidp.DemoClientSecret},
	}
}

// login runs a full auto-approved login for the demo client.
func (e *env) login() tokenResponse {
	e.t.Helper()
	v, c := pkce()
	tr := e.token(exchangeForm(e.code(authParams(demoidp.DemoClientID, c)), v), "", "")
	wantOK(e.t, tr)
	return tr
}

// jwks fetches the JWKS and returns its keys by kid.
func (e *env) jwks() map[string]*rsa.PublicKey {
	e.t.Helper()
	var set struct {
		Keys []struct{ Kty, Use, Alg, Kid, N, E string }
	}
	resp := e.get("/jwks.json", nil)
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
		e.t.Fatalf("decode JWKS: %v", err)
	}
	keys := make(map[string]*rsa.PublicKey)
	for _, k := range set.Keys {
		if k.Kty != "RSA" || k.Use != "sig" || k.Alg != "RS256" || k.Kid == "" {
			e.t.Fatalf("bad JWK %+v", k)
		}
		n, err1 := base64.RawURLEncoding.DecodeString(k.N)
		ev, err2 := base64.RawURLEncoding.DecodeString(k.E)
		if err1 != nil || err2 != nil {
			e.t.Fatalf("bad JWK encoding %+v", k)
		}
		keys[k.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(ev).Int64())}
	}
	return keys
}

// verify checks tok against the JWKS with jwt.Parse and returns its claims.
func (e *env) verify(tok string) jwt.MapClaims {
	e.t.Helper()
	keys := e.jwks()
	parsed, err := jwt.Parse(tok, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if k, ok := keys[kid]; ok {
			return k, nil
		}
		return nil, fmt.Errorf("kid %q not in JWKS", kid)
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(e.clock.Now),
		jwt.WithIssuer(e.ts.URL), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	if err != nil {
		e.t.Fatalf("jwt.Parse: %v", err)
	}
	return parsed.Claims.(jwt.MapClaims)
}

// segment decodes part i (0 header, 1 claims) of a compact JWS.
func segment(t *testing.T, tok string, i int) []byte {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[i])
	if err != nil {
		t.Fatalf("decode segment %d: %v", i, err)
	}
	return b
}

// claimOrder returns the claim names of tok in serialization order.
func claimOrder(t *testing.T, tok string) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(segment(t, tok, 1)))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var names []string
	for dec.More() {
		name, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, name.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return names
}
