// Package fromapi starts from an API URL alone: it asks the API without a
// token, reads its WWW-Authenticate challenge, fetches its protected
// resource metadata (RFC 9728), picks an authorization server and fetches
// that server's metadata (RFC 8414, then OpenID discovery), registers a
// native client when none is given (RFC 7591), and returns a profile that
// asks for tokens for that resource (RFC 8707). The command line and the
// window both run it; the login itself is the usual one.
package fromapi

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/discovery"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
)

// Request is what the chain starts from.
type Request struct {
	// URL is the API's URL (required).
	URL string
	// AuthorizationServer, when set, picks one of the authorization
	// servers the API's metadata lists; empty means the first.
	AuthorizationServer string
	// Base holds what the user set already: the profile's name, a client
	// id (and secret, client authentication, key), scopes, redirect ports,
	// grant and login options. A client id skips the registration; scopes
	// replace the challenge's.
	Base auth.Profile
}

// Result is what the chain found, and the profile made of it.
type Result struct {
	// Profile asks the chosen authorization server for tokens for the
	// resource (Issuer, Resources), with the given or registered client.
	// A registered client's secret is in Profile.ClientSecret only
	// (SecretTyped): keep it in the keyring, never in the config file.
	Profile             auth.Profile
	Resource            string // the resource identifier (RFC 8707)
	Challenge           auth.Challenge
	MetadataURL         string
	Metadata            *discovery.ResourceMetadata
	AuthorizationServer string // as the resource metadata names it
	ASMetadataURL       string
	ASMetadata          *discovery.Metadata
	Registration        *oidc.Registration // nil when a client id was given
	Steps               []Step
}

// Env is what the chain needs from outside.
type Env struct {
	HTTP *http.Client     // required
	Now  func() time.Time // nil => time.Now
	// OnStep, when set, is told of each step as it ends (the window shows
	// them as they come).
	OnStep func(Step)
}

// maxProbeBody bounds what is read of the API's answer to the probe.
const maxProbeBody = 64 << 10

// Discover runs the chain for r and returns the profile to log in with.
// Its error is a *StepError naming the step that failed.
func Discover(ctx context.Context, env Env, r Request) (*Result, error) {
	if env.Now == nil {
		env.Now = time.Now
	}
	c := chain{env: env, res: &Result{}}
	resource, err := discovery.ResourceIdentifier(r.URL)
	if err != nil {
		return nil, c.fail(StepChallenge, fmt.Errorf("the API URL: %w", err))
	}
	c.res.Resource = resource

	status, ch, found, err := c.probe(ctx, r.URL)
	if err != nil {
		return nil, c.fail(StepChallenge, err)
	}
	c.res.Challenge = ch
	if err := c.resourceMetadata(ctx, resource, status, found); err != nil {
		return c.res, err
	}
	if err := c.authorizationServer(ctx, r.AuthorizationServer); err != nil {
		return c.res, err
	}
	p, err := c.profile(ctx, r.Base)
	if err != nil {
		return c.res, err
	}
	c.res.Profile = p
	return c.res, nil
}

// chain is one run of Discover.
type chain struct {
	env Env
	res *Result
}

func (c *chain) done(name, format string, args ...any) {
	s := Step{Name: name, Detail: fmt.Sprintf(format, args...)}
	c.res.Steps = append(c.res.Steps, s)
	if c.env.OnStep != nil {
		c.env.OnStep(s)
	}
}

func (c *chain) fail(name string, err error) error {
	s := Step{Name: name, Err: err}
	c.res.Steps = append(c.res.Steps, s)
	if c.env.OnStep != nil {
		c.env.OnStep(s)
	}
	return &StepError{Step: name, Err: err}
}

// probe asks the API without a token and reads its Bearer (or DPoP)
// challenge.
func (c *chain) probe(ctx context.Context, apiURL string) (int, auth.Challenge, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, apiURL, nil)
	if err != nil {
		return 0, auth.Challenge{}, false, fmt.Errorf("the API URL: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.env.HTTP.Do(req)
	if err != nil {
		if re, ok := auth.AsRedirectError(err); ok {
			return 0, auth.Challenge{}, false, fmt.Errorf("asking %s without a token: %w", apiURL, re)
		}
		return 0, auth.Challenge{}, false, fmt.Errorf("asking %s without a token: %w", apiURL, auth.ExplainTLS(err))
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxProbeBody))
	resp.Body.Close()
	ch, ok := auth.BearerChallenge(resp.Header)
	if resp.StatusCode != http.StatusUnauthorized || !ok {
		c.done(StepChallenge, "no challenge: the API answered HTTP %d without a Bearer WWW-Authenticate challenge; trying the well-known metadata locations", resp.StatusCode)
		return resp.StatusCode, auth.Challenge{}, false, nil
	}
	var parts []string
	for _, k := range []string{"resource_metadata", "scope", "error"} {
		if v := ch.Params[k]; v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	if len(parts) == 0 {
		parts = []string{"no resource_metadata, scope or error"}
	}
	c.done(StepChallenge, "HTTP 401, %s challenge: %s", ch.Scheme, strings.Join(parts, ", "))
	return resp.StatusCode, ch, true, nil
}

// resourceMetadata fetches and checks the resource's metadata: at the
// challenge's resource_metadata, else at the well-known locations.
func (c *chain) resourceMetadata(ctx context.Context, resource string, status int, challenged bool) error {
	urls := discovery.ResourceMetadataURLs(resource)
	if u := c.res.Challenge.Params["resource_metadata"]; u != "" {
		urls = []string{u}
	}
	var errs []error
	for _, u := range urls {
		m, err := discovery.FetchResourceMetadata(ctx, c.env.HTTP, u, resource)
		if errors.Is(err, discovery.ErrNoResourceMetadata) {
			errs = append(errs, err)
			continue
		}
		if err != nil {
			return c.fail(StepResourceMetadata, err)
		}
		c.res.MetadataURL, c.res.Metadata = u, m
		name := ""
		if m.ResourceName != "" {
			name = " (" + m.ResourceName + ")"
		}
		c.done(StepResourceMetadata, "%s%s: resource %s, authorization servers %s", u, name, m.Resource, strings.Join(m.AuthorizationServers, ", "))
		return nil
	}
	err := fmt.Errorf("%w: %w", ErrNoMetadata, errors.Join(errs...))
	if !challenged {
		err = fmt.Errorf("%w (HTTP %d without a Bearer challenge naming resource_metadata), and %w", ErrNoChallenge, status, err)
	}
	return c.fail(StepResourceMetadata, err)
}

// authorizationServer picks the server and fetches its metadata.
func (c *chain) authorizationServer(ctx context.Context, want string) error {
	servers := c.res.Metadata.AuthorizationServers
	as := servers[0]
	if want != "" {
		i := slices.IndexFunc(servers, func(s string) bool { return strings.TrimSuffix(s, "/") == strings.TrimSuffix(want, "/") })
		if i < 0 {
			return c.fail(StepAuthorizationServer, fmt.Errorf("%s is not one of the API's authorization servers (%s)", want, strings.Join(servers, ", ")))
		}
		as = servers[i]
	}
	m, u, _, err := discovery.DiscoverAS(ctx, c.env.HTTP, as, c.env.Now)
	if err != nil {
		return c.fail(StepAuthorizationServer, fmt.Errorf("%w for %s: %w", ErrNoASMetadata, as, err))
	}
	c.res.AuthorizationServer, c.res.ASMetadataURL, c.res.ASMetadata = as, u, m
	reg := "no registration_endpoint"
	if m.RegistrationURL != "" {
		reg = "registration at " + m.RegistrationURL
	}
	c.done(StepAuthorizationServer, "%s (metadata %s; %s)", m.Issuer, u, reg)
	return nil
}

// profile makes the profile: base's settings, the authorization server,
// the resource, scopes from the challenge or the resource's
// scopes_supported, and the given or registered client.
func (c *chain) profile(ctx context.Context, base auth.Profile) (auth.Profile, error) {
	p := base.Clone()
	p.Issuer = c.res.ASMetadata.Issuer
	p.Resources = []string{c.res.Metadata.Resource}
	p.Name = cmp.Or(p.Name, ProfileName(c.res.Resource, c.res.Metadata.ResourceName))
	if len(p.Scopes) == 0 {
		if s := strings.Fields(c.res.Challenge.Params["scope"]); len(s) > 0 {
			p.Scopes = s
		} else {
			p.Scopes = slices.Clone(c.res.Metadata.ScopesSupported)
		}
	}
	if c.res.Metadata.DPoPBoundRequired {
		p.DPoP = true
	}
	if p.ClientID != "" {
		c.done(StepRegistration, "not needed: client id %s given", p.ClientID)
		return p, nil
	}
	endpoint := c.res.ASMetadata.RegistrationURL
	if endpoint == "" {
		return p, c.fail(StepRegistration, fmt.Errorf("%w: %s offers no registration_endpoint; give the client id registered there", ErrNoRegistration, p.Issuer))
	}
	if p.ClientAuth == "" && p.ClientKeyFile == "" {
		m, err := nativeAuthMethod(c.res.ASMetadata.TokenEndpointAuthMethods)
		if err != nil {
			return p, c.fail(StepRegistration, err)
		}
		p.ClientAuth = m
	}
	reg, err := oidc.RegisterAt(ctx, oidc.Env{HTTP: c.env.HTTP, Now: c.env.Now}, p, endpoint)
	if err != nil {
		return p, c.fail(StepRegistration, err)
	}
	reg.Apply(&p)
	c.res.Registration = reg
	secret := "no secret"
	if reg.SecretIssued {
		secret = "a client secret"
	}
	c.done(StepRegistration, "registered client %s (%s, %s) at %s", reg.ClientID, reg.AuthMethod, secret, endpoint)
	return p, nil
}

// nativeAuthMethod picks how a registered native client authenticates,
// from the server's token_endpoint_auth_methods_supported: none (a public
// client with PKCE, RFC 8252 §8.4) when offered, else a client secret
// (basic, then post). RFC 8414 §2: a server that lists none supports
// client_secret_basic.
func nativeAuthMethod(supported []string) (auth.ClientAuth, error) {
	if len(supported) == 0 {
		return auth.AuthBasic, nil
	}
	for _, m := range []auth.ClientAuth{auth.AuthNone, auth.AuthBasic, auth.AuthPost} {
		if slices.Contains(supported, string(m)) {
			return m, nil
		}
	}
	return "", fmt.Errorf("the authorization server supports only %s at its token endpoint: register with a client key (--client-key, private_key_jwt) or give a client id", strings.Join(supported, ", "))
}

// nameUnsafe is what a profile name made from a URL leaves out.
var nameUnsafe = regexp.MustCompile(`[^a-z0-9]+`)

// ProfileName is a profile name for a resource: its resource_name, or its
// host and path, in lower case with dashes.
func ProfileName(resource, resourceName string) string {
	s := resourceName
	if s == "" {
		if u, err := url.Parse(resource); err == nil {
			s = u.Host + u.Path
		}
	}
	s = strings.Trim(nameUnsafe.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if s == "" {
		s = "api"
	}
	return s
}
