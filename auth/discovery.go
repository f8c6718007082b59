package auth

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
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
}

// maxDocBytes caps what is read from any provider document.
const maxDocBytes = 1 << 20

// Discover fetches {issuer}/.well-known/openid-configuration and checks that
// the document names the same issuer (OpenID Connect Discovery §4.3).
func Discover(ctx context.Context, client *http.Client, issuer string) (*Metadata, error) {
	u := strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		if re, ok := asRedirectError(err); ok {
			return nil, fmt.Errorf("discovery: %s: %w", u, re)
		}
		return nil, fmt.Errorf("discovery: %w", explainTLS(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDocBytes))
	if err != nil {
		return nil, fmt.Errorf("discovery: reading %s: %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("discovery: %s answered HTTP %d", u, resp.StatusCode)
	}
	var m Metadata
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("discovery: %s is not a JSON discovery document: %w", u, err)
	}
	if strings.TrimSuffix(m.Issuer, "/") != strings.TrimSuffix(issuer, "/") {
		return nil, fmt.Errorf("discovery: document issuer %q does not match %q", m.Issuer, issuer)
	}
	return &m, nil
}

// Endpoints are a profile's URLs after discovery and explicit overrides.
type Endpoints struct {
	Issuer, AuthURL, TokenURL, JWKSURL, UserinfoURL, RevocationURL, IntrospectionURL string
}

// ResolveEndpoints runs discovery when the profile has an issuer, then lets
// every explicit profile URL override the discovered one.
func ResolveEndpoints(ctx context.Context, client *http.Client, p Profile) (Endpoints, error) {
	e := Endpoints{Issuer: p.Issuer}
	if p.Issuer != "" {
		m, err := Discover(ctx, client, p.Issuer)
		if err != nil {
			return Endpoints{}, err
		}
		e = Endpoints{
			Issuer: m.Issuer, AuthURL: m.AuthorizationEndpoint, TokenURL: m.TokenEndpoint,
			JWKSURL: m.JWKSURI, UserinfoURL: m.UserinfoEndpoint,
			RevocationURL: m.RevocationEndpoint, IntrospectionURL: m.IntrospectionEndpoint,
		}
	}
	e.AuthURL = cmp.Or(p.AuthURL, e.AuthURL)
	e.TokenURL = cmp.Or(p.TokenURL, e.TokenURL)
	e.JWKSURL = cmp.Or(p.JWKSURL, e.JWKSURL)
	e.UserinfoURL = cmp.Or(p.UserinfoURL, e.UserinfoURL)
	e.RevocationURL = cmp.Or(p.RevocationURL, e.RevocationURL)
	e.IntrospectionURL = cmp.Or(p.IntrospectionURL, e.IntrospectionURL)
	if e.AuthURL == "" || e.TokenURL == "" {
		return Endpoints{}, fmt.Errorf("profile %s: no authorization or token endpoint (after discovery)", p.Name)
	}
	return e, nil
}
