package oidc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/trace"

	"golang.org/x/oauth2"
)

// DefaultLoginTimeout is how long a login waits for the browser to come back.
const DefaultLoginTimeout = 5 * time.Minute

// callbackReadHeaderTimeout is how long the loopback listener waits for a
// request's headers before it drops the connection (slowloris guard).
const callbackReadHeaderTimeout = 10 * time.Second

// LoginOptions tune one login.
type LoginOptions struct {
	Timeout time.Duration // 0 => DefaultLoginTimeout
	// OnURL is called with the authorization URL before the browser opens,
	// so a window can show it with a Copy button.
	OnURL func(authURL string)
	// OnOpenError, when set, is told that the browser did not open and the
	// login keeps waiting (the user can paste the URL). When nil, a failed
	// open ends the login with an *OpenBrowserError.
	OnOpenError func(err *auth.OpenBrowserError)
	// OnCallback is called when a valid redirect reached the listener, just
	// before the code is exchanged (for timing and progress display).
	OnCallback func()
	// PAR, when set, overrides the profile's PAR setting for this login.
	PAR *bool

	// readHeaderTimeout replaces callbackReadHeaderTimeout when set (tests).
	readHeaderTimeout time.Duration
}

// loginAttempt holds the one-time secrets of a single login.
type loginAttempt struct {
	state, nonce, verifier, redirectURI string
	dpop                                *jose.DPoPKey // the session's DPoP key, bound to the code by dpop_jkt
}

// listenLoopback binds 127.0.0.1 on the first free port of ports (an
// ephemeral one when ports is empty). Never all interfaces (RFC 8252 §8.3).
func listenLoopback(ports []int) (net.Listener, error) {
	if len(ports) == 0 {
		ports = []int{0}
	}
	var errs []error
	for _, port := range ports {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err == nil {
			return l, nil
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("login: no redirect port free (tried %v): %w", ports, errors.Join(errs...))
}

// usePAR reports whether this login pushes its request (RFC 9126).
func (pr *Provider) usePAR(o LoginOptions) bool {
	switch {
	case o.PAR != nil:
		return *o.PAR
	case pr.profile.PAR == auth.PAROn:
		return true
	case pr.profile.PAR == auth.PAROff:
		return false
	}
	return pr.endpoints.RequirePAR
}

// authorizationURL is the URL the browser opens: the full authorization
// request, or with PAR only client_id and the pushed request's
// request_uri. With a request object (RFC 9101) the parameters travel
// inside it, by value or pushed; ro is then the object sent.
func (pr *Provider) authorizationURL(ctx context.Context, a loginAttempt, o LoginOptions) (authURL, ro string, err error) {
	full := pr.authCodeURL(a)
	if pr.profile.RequestObject == "" && !pr.usePAR(o) {
		return full, "", nil
	}
	u, err := url.Parse(full)
	if err != nil {
		return "", "", fmt.Errorf("login: authorization URL: %w", err)
	}
	q := u.Query()
	if pr.profile.RequestObject != "" {
		if q, ro, err = pr.withRequestObject(q); err != nil {
			return "", "", fmt.Errorf("login: %w", err)
		}
	}
	if pr.usePAR(o) {
		uri, err := pr.pushAuthorizationRequest(ctx, q)
		if err != nil {
			return "", "", err
		}
		q = url.Values{"client_id": {pr.profile.ClientID}, "request_uri": {uri}}
	}
	u.RawQuery = q.Encode()
	return u.String(), ro, nil
}

// authCodeURL builds the authorization request URL for one attempt.
func (pr *Provider) authCodeURL(a loginAttempt) string {
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(a.verifier)}
	if a.nonce != "" {
		opts = append(opts, oauth2.SetAuthURLParam("nonce", a.nonce))
	}
	if a.dpop != nil {
		// RFC 9449 §10: the code can only be redeemed with this key.
		opts = append(opts, oauth2.SetAuthURLParam("dpop_jkt", a.dpop.Thumbprint()))
	}
	for k, vs := range pr.profile.AuthorizationParams() {
		opts = append(opts, oauth2.SetAuthURLParam(k, vs[0]))
	}
	if m := pr.profile.ResponseMode; m != "" {
		opts = append(opts, oauth2.SetAuthURLParam("response_mode", m))
	}
	u := pr.oauthConfig(a.redirectURI).AuthCodeURL(a.state, opts...)
	if len(pr.profile.Resources) == 0 {
		return u
	}
	// RFC 8707 §2.1: one resource parameter per resource (x/oauth2's
	// options set a single value).
	sep := "&"
	if !strings.Contains(u, "?") {
		sep = "?"
	}
	v := url.Values{"resource": pr.profile.Resources}
	return u + sep + v.Encode()
}

// Login runs the authorization-code flow with a loopback redirect (RFC 8252):
// it listens on 127.0.0.1, hands the authorization URL to the opener, waits
// for the one valid redirect, and exchanges the code with the PKCE verifier.
func (pr *Provider) Login(ctx context.Context, o LoginOptions) (*auth.TokenSet, error) {
	if o.Timeout == 0 {
		o.Timeout = DefaultLoginTimeout
	}
	if o.readHeaderTimeout == 0 {
		o.readHeaderTimeout = callbackReadHeaderTimeout
	}
	l, err := listenLoopback(pr.profile.RedirectPorts)
	if err != nil {
		return nil, err
	}
	a := loginAttempt{
		state:       jose.RandomString(32), // 256 bits
		verifier:    oauth2.GenerateVerifier(),
		redirectURI: fmt.Sprintf("http://127.0.0.1:%d/callback", l.Addr().(*net.TCPAddr).Port),
	}
	if pr.profile.HasScope("openid") {
		a.nonce = jose.RandomString(32)
	}
	if a.dpop, err = pr.sessionKey("login"); err != nil {
		l.Close()
		return nil, err
	}
	res, ro, err := pr.awaitCode(ctx, l, a, o)
	if err != nil {
		return nil, err
	}
	code := res.code
	if o.OnCallback != nil {
		o.OnCallback()
	}
	// The nonce, code and max_age sent are checked in the ID token
	// (OpenID Connect Core §3.1.3.7) by the one rule of Provider.token.
	_, maxAge := pr.profile.RequestedMaxAge()
	sent := &auth.LoginFacts{Nonce: a.nonce, Code: code, MaxAgeAsked: maxAge}
	ts, err := pr.exchange(ctx, a.redirectURI, code, a.verifier, a.dpop, sent)
	if err != nil {
		return nil, err
	}
	if ro != "" {
		d := jose.UnverifiedDecode(ro)
		ts.RequestObject = &d
	}
	ts.AuthorizationResponse = res.jarm
	return ts, nil
}

// awaitCode serves the loopback listener until one valid redirect arrives,
// ctx ends, or the timeout passes. The listener is closed when it returns.
func (pr *Provider) awaitCode(ctx context.Context, l net.Listener, a loginAttempt, o LoginOptions) (res callbackResult, ro string, err error) {
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()

	results := make(chan callbackResult, 1)
	var once sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc("/callback", func(w http.ResponseWriter, r *http.Request) {
		q, err := callbackParams(w, r)
		if err != nil {
			pr.env.Logf("login: refused a callback: %v", err)
			writePage(w, http.StatusBadRequest, pageData{ID: "refused", Class: "err", Title: "Not accepted", Detail: err.Error()})
			return
		}
		var jr *auth.ResponseJWT
		if auth.IsJARM(pr.profile.ResponseMode) {
			var refused error
			q, jr, refused, err = pr.openJARM(r.Context(), q, a.state)
			if err != nil {
				pr.env.Logf("login: refused a redirect: %v", err)
				writePage(w, http.StatusBadRequest, pageData{ID: "refused", Class: "err", Title: "Not accepted", Detail: err.Error()})
				return
			}
			if refused != nil {
				q = nil
				pr.deliver(w, &once, results, callbackResult{err: refused})
				return
			}
		}
		res, final, err := parseCallbackIss(q, a.state, issCheck{issuer: pr.endpoints.Issuer, required: pr.endpoints.IssParameter || pr.profile.FAPI2(), fapi2: pr.profile.FAPI2()})
		if err != nil {
			pr.env.Logf("login: refused a redirect: %v", err)
			writePage(w, http.StatusBadRequest, pageData{ID: "refused", Class: "err", Title: "Not accepted", Detail: err.Error()})
			return
		}
		if !final {
			return
		}
		res.jarm = jr
		pr.deliver(w, &once, results, res)
	})
	mux.HandleFunc("/", http.NotFound)
	// The redirect is recorded in the trace as received (its code redacted).
	guarded := loopbackGuard(l.Addr().(*net.TCPAddr).Port, auth.IsFormPost(pr.profile.ResponseMode), mux)
	srv := &http.Server{Handler: trace.Handler(ctx, guarded), ReadHeaderTimeout: o.readHeaderTimeout, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, MaxHeaderBytes: 64 << 10}
	go func() { _ = srv.Serve(l) }()
	defer func() {
		// Let the success page reach the browser, then close the listener.
		sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer scancel()
		_ = srv.Shutdown(sctx)
	}()

	authURL, ro, err := pr.authorizationURL(ctx, a, o)
	if err != nil {
		return callbackResult{}, "", err
	}
	trace.Browser(ctx, http.MethodGet, authURL, pr.env.Now())
	if o.OnURL != nil {
		o.OnURL(authURL)
	}
	if err := pr.env.Open(authURL); err != nil {
		oe := &auth.OpenBrowserError{URL: authURL, Err: err}
		if o.OnOpenError == nil {
			return callbackResult{}, "", fmt.Errorf("login: %w", oe)
		}
		o.OnOpenError(oe)
	}

	select {
	case res := <-results:
		if res.err != nil {
			return callbackResult{}, "", res.err
		}
		return res, ro, nil
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return callbackResult{}, "", fmt.Errorf("login: no answer from the browser within %s", o.Timeout)
		}
		return callbackResult{}, "", fmt.Errorf("login: %w", ctx.Err())
	}
}

// deliver ends the login with res, once, and answers the browser's tab.
func (pr *Provider) deliver(w http.ResponseWriter, once *sync.Once, results chan<- callbackResult, res callbackResult) {
	delivered := false
	once.Do(func() { results <- res; delivered = true })
	switch {
	case !delivered:
		writePage(w, http.StatusConflict, pageData{ID: "refused", Class: "err", Title: "Already done", Detail: "This login has already finished."})
	case res.err != nil:
		writePage(w, http.StatusOK, pageData{ID: "error", Class: "err", Title: "Login failed", Detail: res.err.Error() + " — see Token Inspector."})
	default:
		writePage(w, http.StatusOK, pageData{ID: "ok", Class: "ok", Title: "Login complete", Detail: "You can close this tab and return to Token Inspector."})
	}
}
