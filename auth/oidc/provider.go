package oidc

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/discovery"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/trace"

	"github.com/pkg/browser"
	"golang.org/x/oauth2"
)

// Opener opens a URL in the user's browser.
type Opener func(url string) error

// Env is what the outside world gives the auth code: clock, HTTP and browser.
// Zero fields get working defaults.
type Env struct {
	HTTP *http.Client     // nil => NewHTTPClient(HTTPOptions{})
	Now  func() time.Time // nil => time.Now
	Open Opener           // nil => github.com/pkg/browser
	// Logf, when set, receives diagnostic lines. Nothing secret is ever passed to it.
	Logf func(format string, args ...any)
	// Wait waits d or until ctx ends (the device flow's polling); nil => a timer.
	Wait func(ctx context.Context, d time.Duration) error
}

func (e Env) withDefaults() Env {
	if e.HTTP == nil {
		e.HTTP, _ = auth.NewHTTPClient(auth.HTTPOptions{})
	}
	if _, traced := e.HTTP.Transport.(*trace.Transport); !traced {
		// Requests whose context names a trace log (trace.WithLog) are
		// recorded there, redacted; the others pass through untouched.
		e.HTTP = trace.Client(e.HTTP, nil)
	}
	if e.Now == nil {
		e.Now = time.Now
	}
	if e.Open == nil {
		e.Open = browser.OpenURL
	}
	if e.Logf == nil {
		e.Logf = func(string, ...any) {}
	}
	if e.Wait == nil {
		e.Wait = timerWait
	}
	return e
}

// Provider is a profile whose endpoints are resolved: ready to log in and refresh.
type Provider struct {
	profile   auth.Profile
	endpoints discovery.Resolved
	env       Env
	verifier  *check.Verifier
	tokens    *TokenClient
	// defaults are the settings chosen because the profile set none;
	// profile holds them already.
	defaults Defaults
	// cert is the profile's TLS client certificate, nil without one.
	cert *auth.ClientCertificate
}

// NewProvider resolves the profile's endpoints (discovery when it has an
// issuer) and fills the scope and the client authentication the profile
// leaves empty from what discovery says (Defaults).
func NewProvider(ctx context.Context, p auth.Profile, env Env) (*Provider, error) {
	env = env.withDefaults()
	env, cert, err := withCertificate(p, env)
	if err != nil {
		return nil, err
	}
	ep, err := discovery.ResolveEndpoints(ctx, env.HTTP, p, env.Now)
	if err != nil {
		return nil, err
	}
	p, d, err := applyDefaults(p, ep)
	if err != nil {
		return nil, err
	}
	pr := newProvider(p, ep, env)
	pr.defaults = d
	if cert != nil {
		pr.cert = cert
		pr.tokens.certThumbprint = cert.Thumbprint()
	}
	return pr, nil
}

// withCertificate loads the profile's TLS client certificate, when it has
// one, and returns env with an HTTP client that presents it (RFC 8705).
func withCertificate(p auth.Profile, env Env) (Env, *auth.ClientCertificate, error) {
	if !p.HasCertificate() {
		return env, nil, nil
	}
	cert, err := auth.LoadClientCertificate(p.TLSCert, p.TLSKey, p.TLSPassword)
	if err != nil {
		return env, nil, fmt.Errorf("profile %s: %w", p.Name, err)
	}
	if env.HTTP, err = auth.WithClientCertificate(env.HTTP, cert); err != nil {
		return env, nil, fmt.Errorf("profile %s: client certificate: %w", p.Name, err)
	}
	return env, cert, nil
}

// HTTPClient is the client every request of the provider goes through:
// it presents the profile's TLS client certificate when there is one, so
// a resource call made with it carries the certificate its tokens are
// bound to (RFC 8705 §3).
func (pr *Provider) HTTPClient() *http.Client { return pr.tokens.http }

// Certificate is the profile's TLS client certificate, nil without one.
func (pr *Provider) Certificate() *auth.ClientCertificate { return pr.cert }

// newProvider assembles a provider from resolved endpoints.
func newProvider(p auth.Profile, ep discovery.Resolved, env Env) *Provider {
	env = env.withDefaults()
	p = p.WithSecurityProfile()
	return &Provider{profile: p.Clone(), endpoints: ep, env: env, verifier: check.NewVerifier(ep.JWKSURL, env.HTTP), tokens: newTokenClient(p, ep, env)}
}

// Profile returns the profile the provider was made from, with the
// settings of Defaults filled in.
func (pr *Provider) Profile() auth.Profile { return pr.profile.Clone() }

// Defaults says which settings the provider chose because the profile
// set none, and why.
func (pr *Provider) Defaults() Defaults { return pr.defaults }

// Endpoints returns the resolved endpoints.
func (pr *Provider) Endpoints() discovery.Resolved { return pr.endpoints }

// Verifier checks token signatures against the provider's JWKS (not
// verifiable when it publishes none).
func (pr *Provider) Verifier() *check.Verifier { return pr.verifier }

// Now is the provider's clock.
func (pr *Provider) Now() time.Time { return pr.env.Now() }

// Close releases background resources (the JWKS cache).
func (pr *Provider) Close() { pr.verifier.Close() }

// oauthConfig is the x/oauth2 view of the profile, used to build the
// authorization URL (AuthCodeURL); token requests go through TokenClient.
func (pr *Provider) oauthConfig(redirectURI string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:    pr.profile.ClientID,
		Endpoint:    oauth2.Endpoint{AuthURL: pr.endpoints.AuthURL, TokenURL: pr.endpoints.TokenURL},
		RedirectURL: redirectURI,
		Scopes:      pr.profile.Scopes,
	}
}

// sessionKey is a new session's DPoP key: a fresh one when the profile
// uses DPoP, nil otherwise.
func (pr *Provider) sessionKey(op string) (*jose.DPoPKey, error) {
	if !pr.profile.DPoP {
		return nil, nil
	}
	k, err := jose.NewDPoPKeyAlg(pr.profile.DPoPAlg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return k, nil
}

// exchange trades an authorization code for tokens (RFC 6749 §4.1.3 + PKCE).
func (pr *Provider) exchange(ctx context.Context, redirectURI, code, verifier string, key *jose.DPoPKey, sent *auth.LoginFacts) (*auth.TokenSet, error) {
	return pr.token(ctx, TokenRequest{
		Op: "code exchange",
		Form: url.Values{"grant_type": {"authorization_code"}, "code": {code},
			"redirect_uri": {redirectURI}, "code_verifier": {verifier}},
		sent: sent,
	}, key)
}

// token sends one grant request through the token client and applies the
// one rule to the answer (refuseFailing). dpop is the session's DPoP key,
// if any.
func (pr *Provider) token(ctx context.Context, r TokenRequest, dpop *jose.DPoPKey) (*auth.TokenSet, error) {
	r.DPoP = dpop
	if !r.Form.Has("resource") {
		// RFC 8707 §2.2: every grant asks for the profile's resources
		// (authorization code, refresh, device, client credentials and
		// token exchange alike) unless the request names its own.
		for _, res := range pr.profile.Resources {
			r.Form.Add("resource", res)
		}
	}
	ts, err := pr.tokens.Token(ctx, r)
	if err != nil {
		return nil, err
	}
	ts.Sent, ts.PreviousID = r.sent, r.previousID
	if err := pr.refuseFailing(ctx, r.Op, ts); err != nil {
		return nil, err
	}
	return ts, nil
}
