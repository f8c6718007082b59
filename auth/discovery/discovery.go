package discovery

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// Metadata is the part of an OpenID Provider's discovery document the app uses.
type Metadata struct {
	Issuer string `json:"issuer"`
	// Endpoints are the document's URLs, by their member names.
	auth.Endpoints
	CodeChallengeMethodsSupported []string `json:"code_challenge_methods_supported"`
	IDTokenSigningAlgs            []string `json:"id_token_signing_alg_values_supported"`
	RequirePAR                    bool     `json:"require_pushed_authorization_requests"`
	// IssParameter: the authorization response carries iss (RFC 9207).
	IssParameter             bool     `json:"authorization_response_iss_parameter_supported"`
	DPoPSigningAlgsSupported []string `json:"dpop_signing_alg_values_supported"`
	// RegistrationURL is the dynamic client registration endpoint (RFC 7591).
	RegistrationURL string `json:"registration_endpoint"`
	// RequestObjectAlgs are request_object_signing_alg_values_supported (RFC 9101).
	RequestObjectAlgs []string `json:"request_object_signing_alg_values_supported"`
	// ScopesSupported and TokenEndpointAuthMethods are what a profile that
	// sets no scope or no client authentication gets its defaults from.
	ScopesSupported          []string `json:"scopes_supported"`
	TokenEndpointAuthMethods []string `json:"token_endpoint_auth_methods_supported"`
	// MTLSAliases are the endpoints to use with a TLS client certificate
	// (RFC 8705 §5); CertBoundTokens says access tokens are bound to it.
	MTLSAliases     auth.Endpoints `json:"mtls_endpoint_aliases"`
	CertBoundTokens bool           `json:"tls_client_certificate_bound_access_tokens"`
	// What the profile form offers (and marks when the provider does not
	// list it): grant types, response modes (JARM's among them), JARM's
	// signing algorithms, acr values and authorization_details types.
	GrantTypesSupported       []string `json:"grant_types_supported"`
	ResponseModesSupported    []string `json:"response_modes_supported"`
	AuthorizationSigningAlgs  []string `json:"authorization_signing_alg_values_supported"`
	ACRValuesSupported        []string `json:"acr_values_supported"`
	AuthorizationDetailsTypes []string `json:"authorization_details_types_supported"`

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
		return nil, auth.ClockSkew{}, fmt.Errorf("%s: %w", what, auth.ExplainNetwork(err))
	}
	defer resp.Body.Close()
	skew := auth.SkewFromResponse(resp, sent, now())
	if resp.StatusCode == http.StatusNotFound {
		return nil, skew, fmt.Errorf("%s: %s: %w (HTTP 404)", what, u, errNotFound)
	}
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

// errNotFound is wrapped by fetchMetadata's error on a 404.
var errNotFound = errors.New("not found")

// Resolved are a profile's endpoints after discovery and explicit
// overrides, with what discovery said about the provider.
type Resolved struct {
	Issuer string
	auth.Endpoints
	// Skew is the provider's clock read from the discovery response.
	Skew auth.ClockSkew
	// IDTokenAlgs are the discovery document's id_token_signing_alg_values_supported.
	IDTokenAlgs []string
	// Notes are discovery's remarks worth showing (Metadata.Notes).
	Notes []string
	// RequirePAR: the provider accepts only pushed authorization requests.
	RequirePAR bool
	// IssParameter: the provider sends iss in the authorization response,
	// which must then equal Issuer (RFC 9207).
	IssParameter bool
	// CodeChallengeMethods are the document's code_challenge_methods_supported.
	CodeChallengeMethods []string
	// ScopesSupported and TokenAuthMethods are the discovery document's
	// scopes_supported and token_endpoint_auth_methods_supported (nil when
	// it lists none, or without discovery).
	ScopesSupported  []string
	TokenAuthMethods []string
	// MTLSAliases are the discovery document's mtls_endpoint_aliases;
	// MTLSUsed says they replaced the plain endpoints (the profile has a
	// client certificate).
	MTLSAliases auth.Endpoints
	MTLSUsed    bool
	// Supported is the rest of what the metadata lists, for the profile
	// form's pickers (nil members: not listed, or no discovery).
	Supported Supported
}

// Supported are metadata lists the profile form's pickers mark choices by.
type Supported struct {
	GrantTypes, ResponseModes, RequestObjectAlgs, AuthorizationSigningAlgs []string
	ACRValues, AuthorizationDetailsTypes                                   []string
	DPoPAlgs                                                               []string // dpop_signing_alg_values_supported (RFC 9449 §5.1)
}

// useMTLSAliases puts the mTLS aliases of the endpoints a client
// certificate is presented at (token, PAR, introspection, revocation,
// userinfo, device authorization) in place of the plain ones (RFC 8705 §5).
func (e *Resolved) useMTLSAliases() {
	a := e.MTLSAliases
	aliases := auth.Endpoints{TokenURL: a.TokenURL, PARURL: a.PARURL, IntrospectionURL: a.IntrospectionURL,
		RevocationURL: a.RevocationURL, UserinfoURL: a.UserinfoURL, DeviceAuthURL: a.DeviceAuthURL}
	if len(aliases.URLs()) == 0 {
		return
	}
	e.Endpoints = aliases.Or(e.Endpoints)
	e.MTLSUsed = true
	e.Notes = append(e.Notes, "a client certificate is configured: the provider's mtls_endpoint_aliases are used ("+strings.Join(namesOf(aliases), ", ")+")")
}

func namesOf(e auth.Endpoints) []string {
	var out []string
	for _, n := range e.Named() {
		out = append(out, n.Name)
	}
	return out
}

// ResolveEndpoints runs discovery when the profile has an issuer, then lets
// every explicit profile URL override the discovered one; now is the clock
// the provider's skew is measured against.
func ResolveEndpoints(ctx context.Context, client *http.Client, p auth.Profile, now func() time.Time) (Resolved, error) {
	e := Resolved{Issuer: p.Issuer}
	if p.Issuer != "" {
		m, skew, err := discover(ctx, client, p.Issuer, now)
		if errors.Is(err, errNotFound) {
			// An OAuth server without OpenID discovery (as many an API's
			// are, RFC 9728): its RFC 8414 metadata.
			m, _, skew, err = DiscoverAS(ctx, client, p.Issuer, now)
		}
		if err != nil {
			return Resolved{}, err
		}
		e = Resolved{
			Issuer: m.Issuer, Endpoints: m.Endpoints,
			Skew: skew, IDTokenAlgs: m.IDTokenSigningAlgs, Notes: m.Notes,
			RequirePAR: m.RequirePAR, IssParameter: m.IssParameter,
			CodeChallengeMethods: m.CodeChallengeMethodsSupported,
			ScopesSupported:      m.ScopesSupported, TokenAuthMethods: m.TokenEndpointAuthMethods,
			MTLSAliases: m.MTLSAliases,
			Supported: Supported{GrantTypes: m.GrantTypesSupported, ResponseModes: m.ResponseModesSupported,
				RequestObjectAlgs: m.RequestObjectAlgs, AuthorizationSigningAlgs: m.AuthorizationSigningAlgs,
				ACRValues: m.ACRValuesSupported, AuthorizationDetailsTypes: m.AuthorizationDetailsTypes,
				DPoPAlgs: m.DPoPSigningAlgsSupported},
		}
		if p.HasCertificate() {
			e.useMTLSAliases()
		}
	}
	e.Endpoints = p.Endpoints.Or(e.Endpoints)
	if e.TokenURL == "" {
		return Resolved{}, fmt.Errorf("profile %s: no token endpoint (after discovery)", p.Name)
	}
	if e.AuthURL == "" && p.GrantType() == auth.GrantAuthorizationCode {
		return Resolved{}, fmt.Errorf("profile %s: no authorization endpoint (after discovery)", p.Name)
	}
	return e, nil
}
