package oidc

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/discovery"
)

// Chosen is a setting the profile leaves empty, as the provider fills it
// in: the value used and why.
type Chosen struct {
	Value string `json:"value"`
	Why   string `json:"why"`
}

// Defaults are the settings a provider chose because the profile set none
// (nil fields: the profile's own setting is used).
type Defaults struct {
	Scope      *Chosen `json:"scope,omitempty"`
	ClientAuth *Chosen `json:"client_auth,omitempty"`
}

// Empty reports whether nothing was chosen.
func (d Defaults) Empty() bool { return d.Scope == nil && d.ClientAuth == nil }

// Lines says each choice in one line, for the window.
func (d Defaults) Lines() []string {
	var out []string
	if d.Scope != nil {
		out = append(out, fmt.Sprintf("scope %q: %s", d.Scope.Value, d.Scope.Why))
	}
	if d.ClientAuth != nil {
		out = append(out, fmt.Sprintf("client authentication %s: %s", d.ClientAuth.Value, d.ClientAuth.Why))
	}
	return out
}

// standardScopes are the scopes sent, besides openid, when the provider
// lists them and the profile sets no scope (OpenID Connect Core §5.4, §11).
var standardScopes = []string{"profile", "email", "offline_access"}

// applyDefaults fills what p leaves empty from what discovery said of the
// provider: with no scope, openid plus the standard scopes the provider
// lists (for the grants a user signs in with); with no client
// authentication, client_secret_basic when a secret is set and the
// provider offers it (RFC 6749 §2.3.1 prefers it), else
// client_secret_post; none when there is no secret. An explicit setting
// always wins. A profile without an issuer (no discovery) keeps
// client_secret_post, the app's default.
func applyDefaults(p auth.Profile, ep discovery.Resolved) (auth.Profile, Defaults, error) {
	var d Defaults
	userGrant := p.GrantType() == auth.GrantAuthorizationCode || p.GrantType() == auth.GrantDeviceCode
	if len(p.Scopes) == 0 && p.Issuer != "" && userGrant {
		p.Scopes = []string{"openid"}
		var listed []string
		for _, s := range standardScopes {
			if slices.Contains(ep.ScopesSupported, s) {
				listed = append(listed, s)
			}
		}
		p.Scopes = append(p.Scopes, listed...)
		why := "no scope configured: openid for an OpenID issuer"
		switch {
		case len(ep.ScopesSupported) == 0:
			why += "; the provider lists no scopes_supported"
		case len(listed) > 0:
			why += ", plus " + strings.Join(listed, ", ") + " from the provider's scopes_supported"
		default:
			why += "; the provider's scopes_supported has none of profile, email, offline_access"
		}
		d.Scope = &Chosen{Value: strings.Join(p.Scopes, " "), Why: why}
	}
	if p.ClientAuth != "" || p.ClientKeyFile != "" {
		return p, d, nil
	}
	methods := ep.TokenAuthMethods
	offers := func(m auth.ClientAuth) bool { return slices.Contains(methods, string(m)) }
	pick := func(m auth.ClientAuth, why string) {
		p.ClientAuth = m
		d.ClientAuth = &Chosen{Value: string(m), Why: why}
	}
	switch {
	case p.Issuer == "":
		pick(auth.AuthPost, "no client authentication configured and no discovery: the default")
	case len(methods) == 0 && p.ClientSecret != "":
		pick(auth.AuthPost, "no client authentication configured, and the provider lists no token_endpoint_auth_methods_supported: the default")
	case len(methods) == 0:
		pick(auth.AuthNone, "no client authentication configured and no client secret: a public client")
	case p.ClientSecret != "" && offers(auth.AuthBasic):
		pick(auth.AuthBasic, "no client authentication configured, a client secret set: the first the provider offers in token_endpoint_auth_methods_supported, as RFC 6749 §2.3.1 prefers")
	case p.ClientSecret != "" && offers(auth.AuthPost):
		pick(auth.AuthPost, "no client authentication configured, a client secret set: the provider's token_endpoint_auth_methods_supported offers client_secret_post, not client_secret_basic")
	case p.ClientSecret != "":
		return p, d, fmt.Errorf("profile %s: no client authentication configured, and the provider's token_endpoint_auth_methods_supported (%s) offers neither client_secret_basic nor client_secret_post: set one (--client-auth)", p.Name, strings.Join(methods, ", "))
	case offers(auth.AuthNone):
		pick(auth.AuthNone, "no client authentication configured and no client secret: none, which the provider's token_endpoint_auth_methods_supported offers")
	default:
		return p, d, fmt.Errorf("profile %s: no client secret, and the provider's token_endpoint_auth_methods_supported (%s) does not offer none: set a client secret (flag --client-secret, $%s, or the keyring)", p.Name, strings.Join(methods, ", "), auth.SecretEnvVar)
	}
	return p, d, nil
}
