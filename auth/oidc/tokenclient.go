package oidc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/discovery"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// TokenClient is the one client of a profile's token endpoint: every grant
// (authorization code, refresh, client credentials, device code, token
// exchange) is a form POST through Token, with the profile's client
// authentication, the answer kept byte for byte (at most maxDocBytes) and
// RFC 6749 §5.2 errors as *OAuthError. Redirects are followed only within
// the endpoint's origin, so credentials never go elsewhere.
//
// x/oauth2 is not used here: it rewrites the answer (a refresh token copied
// into responses that lack one, numbers from form bodies), hides the raw
// body, and knows none of the newer grants.
type TokenClient struct {
	tokenURL string
	creds    clientCredentials
	http     *http.Client
	timeout  time.Duration
	now      func() time.Time
	logf     func(format string, args ...any)

	mu     sync.Mutex        // guards nonces
	nonces map[string]string // origin → latest DPoP-Nonce (RFC 9449 §8)

	uncertain uncertainRefreshes // refreshes cut off after they were sent (unanswered.go)

	// certThumbprint is the x5t#S256 of the TLS client certificate the
	// requests present ("" without one), for the cnf check (RFC 8705 §3).
	certThumbprint string
}

// newTokenClient makes the token client of a resolved profile.
func newTokenClient(p auth.Profile, ep discovery.Resolved, env Env) *TokenClient {
	return &TokenClient{
		tokenURL: ep.TokenURL,
		creds:    newClientCredentials(p, ep, env.Now),
		http:     auth.WithRedirectPolicy(env.HTTP),
		timeout:  env.HTTP.Timeout,
		now:      env.Now,
		logf:     env.Logf,
	}
}

// TokenRequest is one grant request to the token endpoint.
type TokenRequest struct {
	// Op names the operation in errors and logs: "refresh", "code exchange",
	// "client credentials", "device code", "token exchange".
	Op string
	// Form holds grant_type and the grant's parameters; the client
	// authentication is added by the client.
	Form url.Values
	// PrevRefresh is the refresh token presented, if any: a response
	// without one keeps it (TokenSet.RefreshKept).
	PrevRefresh string
	// DPoP, when set, makes every request carry a DPoP proof of this key
	// (RFC 9449 §5).
	DPoP *jose.DPoPKey

	// sent and previousID are what the provider checks the answer's ID
	// token against: the login's nonce and code, the ID token a refresh
	// replaces (set on the TokenSet by Provider.token).
	sent       *auth.LoginFacts
	previousID jose.Decoded
}

// endpointAnswer is one HTTP answer of a provider endpoint.
type endpointAnswer struct {
	Status    int
	Header    http.Header
	MediaType string // Content-Type without parameters; "" when absent or unreadable
	Body      []byte // at most maxDocBytes, as received
	Truncated bool   // the answer had more than the limit read
	Proto     string // "HTTP/1.1"
	// ClientAssertion is the RFC 7523 assertion the request carried, if any.
	ClientAssertion string
}

// OK reports a 2xx status.
func (a *endpointAnswer) OK() bool { return a.Status >= 200 && a.Status <= 299 }

// describe is "HTTP 200, application/json" for messages.
func (a *endpointAnswer) describe() string {
	ctype := a.MediaType
	switch {
	case ctype == "":
		ctype = "no Content-Type"
	case len(ctype) > 64: // a provider's header is no reason for a page-long message
		ctype = ctype[:64] + "…"
	}
	return fmt.Sprintf("HTTP %d, %s", a.Status, ctype)
}

// Token posts one grant request and returns the token set, or an error
// that starts with r.Op: an *OAuthError when the provider refused, else
// what went wrong on the way (no answer, a redirect elsewhere, an answer
// that is not a token response).
func (c *TokenClient) Token(ctx context.Context, r TokenRequest) (*auth.TokenSet, error) {
	sent := c.now()
	a, err := c.post(ctx, r.Op, "the token endpoint", c.tokenURL, r.Form, r.DPoP)
	if err != nil {
		return nil, c.uncertain.note(r.PrevRefresh, err)
	}
	tr, err := parseTokenResponse(a)
	if err != nil {
		err = tokenAnswerError(r.Op, a, err)
		if oe, ok := errors.AsType[*auth.OAuthError](err); ok {
			oe.Latency = c.now().Sub(sent)
		}
		return nil, c.uncertain.note(r.PrevRefresh, err)
	}
	c.uncertain.note(r.PrevRefresh, nil)
	ts := newTokenSet(tr, a.Body, c.now(), r.PrevRefresh)
	ts.HTTPStatus, ts.Latency = a.Status, ts.ReceivedAt.Sub(sent)
	ts.Skew = auth.SkewFromHeader(a.Header, sent, ts.ReceivedAt, c.tokenURL)
	if a.ClientAssertion != "" {
		d := jose.UnverifiedDecode(a.ClientAssertion)
		ts.ClientAssertion = &d
	}
	ts.CertThumbprint = c.certThumbprint
	if r.DPoP != nil {
		if err := checkDPoPBinding(ts, r.DPoP); err != nil {
			return nil, fmt.Errorf("%s: %w", r.Op, err)
		}
		ts.DPoP = r.DPoP
	}
	c.logf("%s: got %s", r.Op, ts)
	return ts, nil
}

// tokenAnswerError puts an answer's problem in words that start with op.
func tokenAnswerError(op string, a *endpointAnswer, err error) error {
	if oe, ok := errors.AsType[*auth.OAuthError](err); ok {
		oe.Op = op
		return oe
	}
	return fmt.Errorf("%s: unusable answer from the token endpoint (%s): %w", op, a.describe(), err)
}

// post sends form (plus the client authentication, and a DPoP proof when
// dpop is set) to endpoint and reads the answer. what names the endpoint in
// messages ("the token endpoint"). Errors start with op and never contain
// the form's values.
func (c *TokenClient) post(ctx context.Context, op, what, endpoint string, form url.Values, dpop *jose.DPoPKey) (*endpointAnswer, error) {
	if endpoint == "" {
		return nil, fmt.Errorf("%s: the profile has no URL for %s", op, what)
	}
	var assertion string // the last one sent
	build := func(nonce string) (*http.Request, error) {
		body := cloneValues(form)
		h := http.Header{}
		var err error
		if assertion, err = c.creds.apply(body, h); err != nil {
			return nil, fmt.Errorf("%s: client authentication: %w", op, err)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(body.Encode()))
		if err != nil {
			return nil, fmt.Errorf("%s: %s URL: %w", op, what, err)
		}
		req.Header = h
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		if dpop != nil {
			proof, err := dpop.Proof(http.MethodPost, endpoint, "", nonce, c.now())
			if err != nil {
				return nil, fmt.Errorf("%s: %w", op, err)
			}
			req.Header.Set("DPoP", proof)
		}
		return req, nil
	}
	a, err := c.withNonceRetry(op, what, endpoint, dpop, build)
	if a != nil {
		a.ClientAssertion = assertion
	}
	return a, err
}

// withNonceRetry sends the request build makes with the latest DPoP nonce
// of the endpoint's server, remembers the nonce the answer brings, and on
// use_dpop_nonce retries once with it (RFC 9449 §8, §9).
func (c *TokenClient) withNonceRetry(op, what, endpoint string, key *jose.DPoPKey, build func(nonce string) (*http.Request, error)) (*endpointAnswer, error) {
	return c.withNonceRetryLimit(op, what, endpoint, key, build, discovery.MaxDocBytes)
}

// withNonceRetryLimit is withNonceRetry keeping at most limit bytes of
// the answer.
func (c *TokenClient) withNonceRetryLimit(op, what, endpoint string, key *jose.DPoPKey, build func(nonce string) (*http.Request, error), limit int64) (*endpointAnswer, error) {
	server := endpoint
	if u, err := url.Parse(endpoint); err == nil {
		server = auth.Origin(u)
	}
	nonce := c.nonce(server)
	for attempt := 0; ; attempt++ {
		req, err := build(nonce)
		if err != nil {
			return nil, err
		}
		a, err := c.doLimit(req, op, what, limit)
		if err != nil || key == nil {
			return a, err
		}
		fresh := a.Header.Get("DPoP-Nonce")
		if fresh != "" {
			c.setNonce(server, fresh)
		}
		if attempt > 0 || fresh == "" || fresh == nonce || !wantsDPoPNonce(a) {
			return a, nil
		}
		c.logf("%s: %s asked for a DPoP nonce; retrying once", op, what)
		nonce = fresh
	}
}

// wantsDPoPNonce reports a use_dpop_nonce refusal: in the body from an
// authorization server, in the challenge from a resource server.
func wantsDPoPNonce(a *endpointAnswer) bool {
	if a.OK() {
		return false
	}
	if errorFromAnswer(a).Code == "use_dpop_nonce" {
		return true
	}
	for _, h := range a.Header.Values("WWW-Authenticate") {
		if challengeParams(h)["error"] == "use_dpop_nonce" {
			return true
		}
	}
	return false
}

// nonce is the latest DPoP nonce a server sent ("" for none yet).
func (c *TokenClient) nonce(server string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nonces[server]
}

func (c *TokenClient) setNonce(server, nonce string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.nonces == nil {
		c.nonces = map[string]string{}
	}
	c.nonces[server] = nonce
}

// doLimit sends req and reads its answer up to limit bytes (Truncated
// says when there was more).
func (c *TokenClient) doLimit(req *http.Request, op, what string, limit int64) (*endpointAnswer, error) {
	var sent atomic.Bool
	resp, err := c.http.Do(traceSent(req, &sent))
	if err != nil {
		return nil, c.transportError(op, what, err, sent.Load())
	}
	defer resp.Body.Close()
	a := &endpointAnswer{Status: resp.StatusCode, Header: resp.Header, Proto: resp.Proto}
	a.MediaType, _, _ = mime.ParseMediaType(resp.Header.Get("Content-Type"))
	a.Body, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if int64(len(a.Body)) > limit {
		a.Body, a.Truncated = a.Body[:limit], true
	}
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return nil, c.transportError(op, what, err, true)
		}
		return nil, &UnansweredError{Op: op, What: what, Sent: true, Err: fmt.Errorf("reading the answer (%s): %w", a.describe(), err)}
	}
	return a, nil
}

// transportError says why no answer came: a redirect elsewhere, a
// certificate problem (with what to do), or an *UnansweredError naming the
// step, with sent telling whether the request had been written in full.
func (c *TokenClient) transportError(op, what string, err error, sent bool) error {
	if re, ok := auth.AsRedirectError(err); ok {
		return fmt.Errorf("%s: %w", op, re)
	}
	if explained := auth.ExplainTLS(err); explained != err {
		return fmt.Errorf("%s: %w", op, explained)
	}
	ue := &UnansweredError{Op: op, What: what, Sent: sent, Err: err}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		ue.Timeout = c.timeout
		if ue.Timeout == 0 {
			ue.Timeout = auth.DefaultHTTPTimeout
		}
	}
	return ue
}

// cloneValues copies v so that adding the client authentication never
// changes the caller's form.
func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v)+2)
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
