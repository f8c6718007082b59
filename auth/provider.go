package auth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

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
}

func (e Env) withDefaults() Env {
	if e.HTTP == nil {
		e.HTTP, _ = NewHTTPClient(HTTPOptions{})
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
	return e
}

// Provider is a profile whose endpoints are resolved: ready to log in and refresh.
type Provider struct {
	profile   Profile
	endpoints Endpoints
	env       Env
	verifier  *Verifier
}

// NewProvider resolves the profile's endpoints (discovery when it has an issuer).
func NewProvider(ctx context.Context, p Profile, env Env) (*Provider, error) {
	env = env.withDefaults()
	ep, err := ResolveEndpoints(ctx, env.HTTP, p)
	if err != nil {
		return nil, err
	}
	return &Provider{profile: p.Clone(), endpoints: ep, env: env, verifier: NewVerifier(ep.JWKSURL, env.HTTP)}, nil
}

// Profile returns the profile the provider was made from.
func (pr *Provider) Profile() Profile { return pr.profile.Clone() }

// Endpoints returns the resolved endpoints.
func (pr *Provider) Endpoints() Endpoints { return pr.endpoints }

// Verifier checks token signatures against the provider's JWKS (not
// verifiable when it publishes none).
func (pr *Provider) Verifier() *Verifier { return pr.verifier }

// Now is the provider's clock.
func (pr *Provider) Now() time.Time { return pr.env.Now() }

// Close releases background resources (the JWKS cache).
func (pr *Provider) Close() { pr.verifier.Close() }

// oauthConfig is the x/oauth2 view of the profile with the given redirect URI.
func (pr *Provider) oauthConfig(redirectURI string) *oauth2.Config {
	style := oauth2.AuthStyleInParams
	if pr.profile.Auth() == AuthBasic {
		style = oauth2.AuthStyleInHeader
	}
	secret := pr.profile.ClientSecret
	if pr.profile.Auth() == AuthNone {
		secret = ""
	}
	return &oauth2.Config{
		ClientID:     pr.profile.ClientID,
		ClientSecret: secret,
		Endpoint:     oauth2.Endpoint{AuthURL: pr.endpoints.AuthURL, TokenURL: pr.endpoints.TokenURL, AuthStyle: style},
		RedirectURL:  redirectURI,
		Scopes:       pr.profile.Scopes,
	}
}

// tokenRequest runs do with an HTTP client that records the response body,
// and turns the result into a TokenSet.
func (pr *Provider) tokenRequest(ctx context.Context, op, prevRefresh string, do func(ctx context.Context) (*oauth2.Token, error)) (*TokenSet, error) {
	rec := &bodyRecorder{base: pr.env.HTTP.Transport}
	client := *pr.env.HTTP
	client.Transport = rec
	ctx = context.WithValue(ctx, oauth2.HTTPClient, &client)
	tok, err := do(ctx)
	if err != nil {
		return nil, pr.tokenError(op, err, rec)
	}
	ts := newTokenSet(tok, rec.body(), pr.env.Now(), prevRefresh)
	pr.env.Logf("%s: got %s", op, ts)
	return ts, nil
}

// tokenError says why a token request failed: the provider's OAuth error,
// no answer in time, or an answer that is not a token response.
func (pr *Provider) tokenError(op string, err error, rec *bodyRecorder) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return asOAuthError(op, err)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		within := "in time"
		if pr.env.HTTP.Timeout > 0 {
			within = "within " + pr.env.HTTP.Timeout.String()
		}
		return fmt.Errorf("%s: no answer from the token endpoint %s: %w", op, within, err)
	}
	if status, ctype := rec.response(); status != 0 {
		switch {
		case ctype == "":
			ctype = "no Content-Type"
		case len(ctype) > 64: // a provider's header is no reason for a page-long message
			ctype = ctype[:64] + "…"
		}
		return fmt.Errorf("%s: unusable answer from the token endpoint (HTTP %d, %s): %w", op, status, ctype, err)
	}
	return asOAuthError(op, err)
}

// Refresh runs the refresh_token grant now, whether or not the access token
// is still valid. When the response carries no new refresh token, the
// presented one is kept and TokenSet.RefreshKept says so.
func (pr *Provider) Refresh(ctx context.Context, refreshToken string) (*TokenSet, error) {
	if refreshToken == "" {
		return nil, fmt.Errorf("refresh: there is no refresh token (the provider sent none; log in again)")
	}
	cfg := pr.oauthConfig("")
	return pr.tokenRequest(ctx, "refresh", refreshToken, func(ctx context.Context) (*oauth2.Token, error) {
		// An empty access token is never valid, so the source always asks.
		return cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
	})
}

// exchange trades an authorization code for tokens (RFC 6749 §4.1.3 + PKCE).
func (pr *Provider) exchange(ctx context.Context, redirectURI, code, verifier string) (*TokenSet, error) {
	cfg := pr.oauthConfig(redirectURI)
	return pr.tokenRequest(ctx, "code exchange", "", func(ctx context.Context) (*oauth2.Token, error) {
		return cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	})
}
