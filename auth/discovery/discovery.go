package discovery

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// Metadata is the part of an OpenID Provider's discovery document the app uses.
type Metadata struct {
	Issuer                        string   `json:"issuer"`
	AuthorizationEndpoint         string   `json:"authorization_endpoint"`
	TokenEndpoint                 string   `json:"token_endpoint"`
	JWKSURI                       string   `json:"jwks_uri"`
	UserinfoEndpoint              string   `json:"userinfo_endpoint"`
	RevocationEndpoint            string   `json:"revocation_endpoint"`
	IntrospectionEndpoint         string   `json:"introspection_endpoint"`
	CodeChallengeMethodsSupported []string `json:"code_challenge_methods_supported"`
	IDTokenSigningAlgs            []string `json:"id_token_signing_alg_values_supported"`
	DeviceAuthorizationEndpoint   string   `json:"device_authorization_endpoint"`
	PAREndpoint                   string   `json:"pushed_authorization_request_endpoint"`
	RequirePAR                    bool     `json:"require_pushed_authorization_requests"`
	EndSessionEndpoint            string   `json:"end_session_endpoint"`
	// IssParameter: the authorization response carries iss (RFC 9207).
	IssParameter             bool     `json:"authorization_response_iss_parameter_supported"`
	DPoPSigningAlgsSupported []string `json:"dpop_signing_alg_values_supported"`

	// Notes are what the checks of the document allowed but a user should
	// see, such as endpoints on another host than the issuer's.
	Notes []string `json:"-"`
}

// maxDocBytes caps what is read from any provider document.
const MaxDocBytes = 1 << 20

// Discover fetches {issuer}/.well-known/openid-configuration and checks that
// the document names the same issuer (OpenID Connect Discovery §4.3).
func Discover(ctx context.Context, client *http.Client, issuer string) (*Metadata, error) {
	m, _, err := discover(ctx, client, issuer, time.Now)
	return m, err
}

// discover is Discover with the provider's clock skew read from the
// response's Date header.
func discover(ctx context.Context, client *http.Client, issuer string, now func() time.Time) (*Metadata, auth.ClockSkew, error) {
	u := strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration"
	return fetchMetadata(ctx, client, "discovery", u, issuer, now)
}

// DiscoverAny finds the metadata of issuer the way a pasted token's iss is
// resolved: OpenID Connect discovery first, then the OAuth 2.0
// Authorization Server Metadata of RFC 8414 (§3: the well-known path goes
// between the host and the issuer's path). It returns the document's URL.
func DiscoverAny(ctx context.Context, client *http.Client, issuer string, now func() time.Time) (*Metadata, string, auth.ClockSkew, error) {
	m, skew, err := discover(ctx, client, issuer, now)
	if err == nil {
		return m, strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration", skew, nil
	}
	pu, perr := url.Parse(issuer)
	if perr != nil || pu.Host == "" {
		return nil, "", auth.ClockSkew{}, err
	}
	rfc8414 := pu.Scheme + "://" + pu.Host + "/.well-known/oauth-authorization-server" + strings.TrimSuffix(pu.Path, "/")
	m, skew, err2 := fetchMetadata(ctx, client, "authorization server metadata", rfc8414, issuer, now)
	if err2 != nil {
		return nil, "", auth.ClockSkew{}, fmt.Errorf("%w; then %w", err, err2)
	}
	return m, rfc8414, skew, nil
}

// fetchMetadata GETs a metadata document at u and checks its issuer.
func fetchMetadata(ctx context.Context, client *http.Client, what, u, issuer string, now func() time.Time) (*Metadata, auth.ClockSkew, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, auth.ClockSkew{}, fmt.Errorf("%s: %w", what, err)
	}
	req.Header.Set("Accept", "application/json")
	sent := now()
	resp, err := client.Do(req)
	if err != nil {
		if re, ok := auth.AsRedirectError(err); ok {
			return nil, auth.ClockSkew{}, fmt.Errorf("%s: %s: %w", what, u, re)
		}
		return nil, auth.ClockSkew{}, fmt.Errorf("%s: %w", what, auth.ExplainTLS(err))
	}
	defer resp.Body.Close()
	skew := auth.SkewFromResponse(resp, sent, now())
	if resp.StatusCode != http.StatusOK {
		return nil, skew, fmt.Errorf("%s: %s answered HTTP %d", what, u, resp.StatusCode)
	}
	body, err := ReadDoc(resp.Body, MaxDocBytes)
	if err != nil {
		return nil, skew, fmt.Errorf("%s: reading %s: %w", what, u, err)
	}
	m, err := parseMetadata(body, issuer)
	if err != nil {
		return nil, skew, fmt.Errorf("%s: %s: %w", what, u, err)
	}
	return m, skew, nil
}

// Endpoints are a profile's URLs after discovery and explicit overrides.
type Endpoints struct {
	Issuer, AuthURL, TokenURL, JWKSURL, UserinfoURL, RevocationURL, IntrospectionURL string
	// Skew is the provider's clock read from the discovery response.
	Skew auth.ClockSkew
	// IDTokenAlgs are the discovery document's id_token_signing_alg_values_supported.
	IDTokenAlgs []string
	// Notes are discovery's remarks worth showing (Metadata.Notes).
	Notes                                []string
	DeviceAuthURL, PARURL, EndSessionURL string
	// RequirePAR: the provider accepts only pushed authorization requests.
	RequirePAR bool
	// IssParameter: the provider sends iss in the authorization response,
	// which must then equal Issuer (RFC 9207).
	IssParameter bool
}

// ResolveEndpoints runs discovery when the profile has an issuer, then lets
// every explicit profile URL override the discovered one; now is the clock
// the provider's skew is measured against.
func ResolveEndpoints(ctx context.Context, client *http.Client, p auth.Profile, now func() time.Time) (Endpoints, error) {
	e := Endpoints{Issuer: p.Issuer}
	if p.Issuer != "" {
		m, skew, err := discover(ctx, client, p.Issuer, now)
		if err != nil {
			return Endpoints{}, err
		}
		e = Endpoints{
			Issuer: m.Issuer, AuthURL: m.AuthorizationEndpoint, TokenURL: m.TokenEndpoint,
			JWKSURL: m.JWKSURI, UserinfoURL: m.UserinfoEndpoint,
			RevocationURL: m.RevocationEndpoint, IntrospectionURL: m.IntrospectionEndpoint,
			Skew: skew, IDTokenAlgs: m.IDTokenSigningAlgs, Notes: m.Notes,

			DeviceAuthURL: m.DeviceAuthorizationEndpoint, PARURL: m.PAREndpoint, EndSessionURL: m.EndSessionEndpoint,
			RequirePAR: m.RequirePAR, IssParameter: m.IssParameter,
		}
	}
	e.AuthURL = cmp.Or(p.AuthURL, e.AuthURL)
	e.TokenURL = cmp.Or(p.TokenURL, e.TokenURL)
	e.JWKSURL = cmp.Or(p.JWKSURL, e.JWKSURL)
	e.UserinfoURL = cmp.Or(p.UserinfoURL, e.UserinfoURL)
	e.RevocationURL = cmp.Or(p.RevocationURL, e.RevocationURL)
	e.IntrospectionURL = cmp.Or(p.IntrospectionURL, e.IntrospectionURL)
	e.DeviceAuthURL = cmp.Or(p.DeviceAuthURL, e.DeviceAuthURL)
	e.PARURL = cmp.Or(p.PARURL, e.PARURL)
	e.EndSessionURL = cmp.Or(p.EndSessionURL, e.EndSessionURL)
	if e.TokenURL == "" {
		return Endpoints{}, fmt.Errorf("profile %s: no token endpoint (after discovery)", p.Name)
	}
	if e.AuthURL == "" && p.GrantType() == auth.GrantAuthorizationCode {
		return Endpoints{}, fmt.Errorf("profile %s: no authorization endpoint (after discovery)", p.Name)
	}
	return e, nil
}
