package auth

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// ClientAuth is how the client authenticates at the token endpoint.
type ClientAuth string

// Client authentication methods (OpenID Connect Core §9 names).
const (
	AuthPost  ClientAuth = "client_secret_post"  // client_id and client_secret in the form body
	AuthBasic ClientAuth = "client_secret_basic" // HTTP Basic authentication
	AuthNone  ClientAuth = "none"                // public client: client_id only, PKCE protects the code
)

// ParseClientAuth accepts the method names and the short forms post, basic and none.
func ParseClientAuth(s string) (ClientAuth, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "post", string(AuthPost):
		return AuthPost, nil
	case "basic", string(AuthBasic):
		return AuthBasic, nil
	case "none", "public":
		return AuthNone, nil
	}
	return "", fmt.Errorf("unknown client authentication %q (want post, basic or none)", s)
}

// Secret sources, in the order a profile's client secret may come from.
const (
	SecretFromConfig  = "config"  // the config file (plaintext; discouraged)
	SecretFromEnv     = "env"     // TOKENINSPECTOR_CLIENT_SECRET
	SecretFromFlag    = "flag"    // --client-secret
	SecretFromKeyring = "keyring" // the OS keyring
	SecretTyped       = "typed"   // typed into the window for this session
)

// Profile describes one provider and client: where to log in and as whom.
type Profile struct {
	Name   string `json:"name"`
	Issuer string `json:"issuer,omitempty"` // when set, endpoints come from discovery

	AuthURL          string `json:"authorization_endpoint,omitempty"`
	TokenURL         string `json:"token_endpoint,omitempty"`
	JWKSURL          string `json:"jwks_uri,omitempty"`
	UserinfoURL      string `json:"userinfo_endpoint,omitempty"`
	RevocationURL    string `json:"revocation_endpoint,omitempty"`
	IntrospectionURL string `json:"introspection_endpoint,omitempty"`

	ClientID     string     `json:"client_id,omitempty"`
	ClientSecret string     `json:"client_secret,omitempty"`
	ClientAuth   ClientAuth `json:"client_auth,omitempty"` // default client_secret_post
	Scopes       []string   `json:"scopes,omitempty"`

	// RedirectPorts are tried in order for the loopback listener; empty
	// means an ephemeral port. Providers that match redirect URIs exactly
	// need the registered port(s) here.
	RedirectPorts []int `json:"redirect_ports,omitempty"`
	// AuthParams are extra authorization request parameters (locale, audience…).
	AuthParams map[string]string `json:"auth_params,omitempty"`

	// AccessTokenJWT says the provider's access tokens are RFC 9068 JWTs
	// (checked as such even without typ at+jwt).
	AccessTokenJWT bool `json:"access_token_jwt,omitempty"`
	// IDTokenAlg is the client's registered id_token_signed_response_alg,
	// when known; ID tokens signed otherwise fail validation.
	IDTokenAlg string `json:"id_token_alg,omitempty"`
	// Preset names the provider preset the profile was made from, and
	// Description holds its notes (the provider's quirks).
	Preset      string `json:"preset,omitempty"`
	Description string `json:"description,omitempty"`

	// Demo marks the profile served by the built-in demo provider; its
	// issuer is filled in when the provider starts.
	Demo bool `json:"demo,omitempty"`
	// Remember keeps the session (refresh token, typed client secret) in the
	// OS keyring across restarts; the secrets themselves never come here.
	Remember bool `json:"remember,omitempty"`
	// Builtin marks a preset that ships with the app.
	Builtin bool `json:"-"`
	// SecretSource says where ClientSecret came from (Secret* constants).
	SecretSource string `json:"-"`
}

// DemoProfileName and DecathlonProfileName name the built-in profiles.
const (
	DemoProfileName      = "demo"
	DecathlonProfileName = "decathlon-eu"
)

// BuiltinProfiles returns fresh copies of the presets that ship with the app.
func BuiltinProfiles() []Profile {
	return []Profile{
		{
			Name:         DemoProfileName,
			Demo:         true,
			Builtin:      true,
			ClientID:     "tokeninspector-demo",
			ClientSecret: "demo-secret",
			SecretSource: SecretFromConfig,
			ClientAuth:   AuthPost,
			Scopes:       []string{"openid", "profile", "email"},
		},
		{
			Name:        DecathlonProfileName,
			Builtin:     true,
			AuthURL:     "https://api-eu.decathlon.net/connect/oauth/authorize",
			TokenURL:    "https://api-eu.decathlon.net/connect/oauth/token",
			UserinfoURL: "https://api-eu.decathlon.net/connect/oauth/userinfo",
			ClientAuth:  AuthPost,
			Scopes:      []string{"openid", "profile", "email"},
		},
	}
}

// HasScope reports whether the profile asks for scope s.
func (p Profile) HasScope(s string) bool { return slices.Contains(p.Scopes, s) }

// Auth returns the client authentication method, defaulting to client_secret_post.
func (p Profile) Auth() ClientAuth {
	if p.ClientAuth == "" {
		return AuthPost
	}
	return p.ClientAuth
}

// Validate reports what a profile lacks before a login can start. Endpoints
// may still come from discovery, so only the shape is checked here.
func (p Profile) Validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return fmt.Errorf("profile: name is empty")
	}
	if p.Demo {
		return nil
	}
	if p.ClientID == "" {
		return fmt.Errorf("profile %s: client_id is empty", p.Name)
	}
	if p.Issuer == "" && (p.AuthURL == "" || p.TokenURL == "") {
		return fmt.Errorf("profile %s: set an issuer (for discovery) or both the authorization and token endpoints", p.Name)
	}
	if _, err := ParseClientAuth(string(p.ClientAuth)); err != nil {
		return fmt.Errorf("profile %s: %w", p.Name, err)
	}
	if p.Auth() != AuthNone && p.ClientSecret == "" {
		return fmt.Errorf("profile %s: %s needs a client secret (flag --client-secret, $%s, or the keyring)", p.Name, p.Auth(), SecretEnvVar)
	}
	for _, u := range []string{p.Issuer, p.AuthURL, p.TokenURL, p.JWKSURL, p.UserinfoURL, p.RevocationURL, p.IntrospectionURL} {
		if u == "" {
			continue
		}
		pu, err := url.Parse(u)
		if err != nil || pu.Host == "" || (pu.Scheme != "https" && pu.Scheme != "http") {
			return fmt.Errorf("profile %s: %q is not an http(s) URL", p.Name, u)
		}
	}
	for _, port := range p.RedirectPorts {
		if port < 0 || port > 65535 {
			return fmt.Errorf("profile %s: redirect port %d out of range", p.Name, port)
		}
	}
	return nil
}

// Clone returns a deep copy, so edits never leak into shared presets.
func (p Profile) Clone() Profile {
	p.Scopes = slices.Clone(p.Scopes)
	p.RedirectPorts = slices.Clone(p.RedirectPorts)
	if p.AuthParams != nil {
		m := make(map[string]string, len(p.AuthParams))
		for k, v := range p.AuthParams {
			m[k] = v
		}
		p.AuthParams = m
	}
	return p
}

// ParsePorts reads redirect ports written "8080", "8080,8081" or "8080 8081".
func ParsePorts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 || n > 65535 {
			return nil, fmt.Errorf("redirect port %q is not a port number", f)
		}
		out = append(out, n)
	}
	return out, nil
}
