package config

import (
	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Presets returns the built-in provider presets, fresh copies each call.
// The facts in them come from each provider's public documentation; the
// fixture discovery documents in testdata/discovery follow the same pages.
func Presets() []Preset {
	oidc := []string{"openid", "profile", "email"}
	return []Preset{
		{
			ID: "keycloak", Name: "Keycloak",
			Description: "Issuer https://HOST/realms/REALM (Keycloak before 17: https://HOST/auth/realms/REALM).\n" +
				"Refresh tokens are JWTs (typ Refresh) signed with the realm's HMAC key (HS256/HS512): only the server can verify them.\n" +
				"Roles are in realm_access.roles and resource_access.<client>.roles; the token response adds refresh_expires_in.\n" +
				"Ask offline_access for an offline token.",
			Placeholders: []Placeholder{
				{Key: "host", Label: "Keycloak host", Example: "sso.example.com"},
				{Key: "realm", Label: "Realm", Example: "master"},
			},
			Template: auth.Profile{Issuer: "https://{host}/realms/{realm}", Client: auth.Client{ClientAuth: auth.AuthPost}, GrantOptions: auth.GrantOptions{Scopes: oidc}},
			Claims: jose.ClaimDictionary{
				"realm_access":       "roles granted in the realm (realm_access.roles)",
				"resource_access":    "roles per client (resource_access.<client>.roles)",
				"azp":                "the client that asked for the token",
				"typ":                "Keycloak's token type: Bearer, ID, Refresh or Offline",
				"sid":                "Keycloak session id (also session_state in older versions)",
				"session_state":      "Keycloak session id (older versions)",
				"allowed-origins":    "web origins allowed for CORS with this token",
				"preferred_username": "the Keycloak username",
			},
		},
		{
			ID: "entra", Name: "Microsoft Entra ID",
			Description: "Issuer https://login.microsoftonline.com/TENANT/v2.0; TENANT is the tenant id or a verified domain.\n" +
				"The common, organizations and consumers tenants publish the issuer as a template ({tenantid}), so discovery's issuer check fails for them: use the tenant id.\n" +
				"Ask offline_access for a refresh token; refresh tokens are opaque.\n" +
				"v1.0 and v2.0 tokens differ (ver claim; v1 iss is https://sts.windows.net/TENANT/); the API's manifest decides which an access token is.\n" +
				"Access tokens for Microsoft Graph carry a nonce in the header and can only be verified by Graph.",
			Placeholders: []Placeholder{{Key: "tenant", Label: "Tenant ID or domain", Example: "contoso.onmicrosoft.com"}},
			Template: auth.Profile{
				Issuer:       "https://login.microsoftonline.com/{tenant}/v2.0",
				Client:       auth.Client{ClientAuth: auth.AuthPost},
				GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email", "offline_access"}},
			},
			Claims: jose.ClaimDictionary{
				"oid":    "the user's object id in the tenant (stable across apps)",
				"tid":    "the tenant id",
				"scp":    "delegated scopes granted, space-separated",
				"roles":  "app roles granted",
				"ver":    "token version: 1.0 or 2.0",
				"wids":   "directory role template ids of the user",
				"upn":    "user principal name (v1 tokens)",
				"uti":    "token id (Microsoft's jti)",
				"rh":     "Microsoft's internal refresh hint",
				"appid":  "the client that asked for the token (v1)",
				"idp":    "the identity provider that authenticated the user",
				"xms_cc": "client capabilities",
			},
		},
		{
			ID: "auth0", Name: "Auth0",
			Description: "Issuer https://TENANT.auth0.com/ (regional: TENANT.eu.auth0.com, TENANT.us.auth0.com…; the trailing slash is part of iss).\n" +
				"Without an audience parameter the access token is opaque (for /userinfo only); with audience = an API identifier it is an RS256 JWT: set auth_params audience.\n" +
				"Custom claims must be namespaced with a URL (https://example.com/roles).\n" +
				"A refresh token needs offline_access and Allow Offline Access on the API; rotation with reuse detection is optional.",
			Placeholders: []Placeholder{{Key: "domain", Label: "Tenant domain", Example: "example.eu.auth0.com"}},
			Template: auth.Profile{
				Issuer:       "https://{domain}/",
				Client:       auth.Client{ClientAuth: auth.AuthPost},
				GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email", "offline_access"}},
			},
			Claims: jose.ClaimDictionary{
				"permissions": "API permissions granted (RBAC with Add Permissions in the Access Token)",
				"gty":         "grant type, for client credentials tokens",
				"org_id":      "the Auth0 organization",
			},
		},
		{
			ID: "okta", Name: "Okta (custom authorization server)",
			Description: "Issuer https://DOMAIN/oauth2/SERVER; SERVER is default or an authorization server id (aus…).\n" +
				"Tokens of a custom authorization server verify against its own JWKS.\n" +
				"Refresh tokens need offline_access; rotation is configurable per app.",
			Placeholders: []Placeholder{
				{Key: "domain", Label: "Okta domain", Example: "dev-123456.okta.com"},
				{Key: "server", Label: "Authorization server", Example: "default", Default: "default"},
			},
			Template: auth.Profile{Issuer: "https://{domain}/oauth2/{server}", Client: auth.Client{ClientAuth: auth.AuthBasic}, GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email", "offline_access"}}},
			Claims:   oktaClaims,
		},
		{
			ID: "okta-org", Name: "Okta (org authorization server)",
			Description: "Issuer https://DOMAIN (the org authorization server).\n" +
				"Its access tokens are meant for Okta's own APIs: clients should not validate them (use a custom authorization server for your APIs).",
			Placeholders: []Placeholder{{Key: "domain", Label: "Okta domain", Example: "dev-123456.okta.com"}},
			Template:     auth.Profile{Issuer: "https://{domain}", Client: auth.Client{ClientAuth: auth.AuthBasic}, GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email", "offline_access"}}},
			Claims:       oktaClaims,
		},
		{
			ID: "google", Name: "Google",
			Description: "Issuer https://accounts.google.com.\n" +
				"A refresh token only with access_type=offline, and again only with prompt=consent once one was issued (both set here).\n" +
				"Access tokens are opaque (ya29.…): their expiry comes from expires_in; https://oauth2.googleapis.com/tokeninfo describes one.\n" +
				"The client secret of a desktop app is not secret.",
			Template: auth.Profile{
				Issuer:       "https://accounts.google.com",
				Client:       auth.Client{ClientAuth: auth.AuthPost},
				GrantOptions: auth.GrantOptions{Scopes: oidc, AuthParams: map[string]string{"access_type": "offline"}},
				AuthRequest:  auth.AuthRequest{Prompt: "consent"},
			},
			Claims: jose.ClaimDictionary{
				"hd":             "the user's Google Workspace domain",
				"email_verified": "whether Google verified the email address",
				"azp":            "the client id that asked for the ID token",
			},
		},
		{
			ID: "gitlab", Name: "GitLab",
			Description: "Issuer https://gitlab.com, or the host of a self-managed instance.\n" +
				"Access and refresh tokens are opaque; the ID token is RS256. Refresh tokens rotate on every use. PKCE is supported.",
			Placeholders: []Placeholder{{Key: "host", Label: "GitLab host", Example: "gitlab.example.com", Default: "gitlab.com"}},
			Template:     auth.Profile{Issuer: "https://{host}", Client: auth.Client{ClientAuth: auth.AuthPost}, GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email"}}},
			Claims: jose.ClaimDictionary{
				"groups_direct":                               "groups the user is a direct member of",
				"https://gitlab.org/claims/groups/owner":      "groups the user owns",
				"https://gitlab.org/claims/groups/maintainer": "groups the user maintains",
				"https://gitlab.org/claims/groups/developer":  "groups the user develops in",
			},
		},
		decathlonPreset("decathlon-eu", "Decathlon (EU)", "api-eu.decathlon.net"),
		decathlonPreset("decathlon-global", "Decathlon (global)", "api-global.decathlon.net"),
	}
}

// oktaClaims are the claims of both Okta authorization servers.
var oktaClaims = jose.ClaimDictionary{
	"scp": "scopes granted (an array)",
	"uid": "the Okta user id",
	"cid": "the client id",
	"ver": "token format version",
}

// decathlonPreset is Decathlon's login on one of its hosts: no discovery
// and no published JWKS, so the endpoints are explicit.
func decathlonPreset(id, name, host string) Preset {
	base := "https://" + host + "/connect/oauth/"
	return Preset{
		ID: id, Name: name,
		Description: "No discovery document and no published JWKS: the endpoints are set by hand and signatures cannot be checked.\n" +
			"Access and refresh tokens are RS256 JWTs; scope is an array; the refresh token's ati is the access token's jti.\n" +
			"Redirect URIs are registered exactly: set the registered loopback port.",
		Template: auth.Profile{
			Endpoints:    auth.Endpoints{AuthURL: base + "authorize", TokenURL: base + "token", UserinfoURL: base + "userinfo"},
			Client:       auth.Client{ClientAuth: auth.AuthPost},
			GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email"}},
		},
		Claims: jose.ClaimDictionary{
			"personid":    "the Decathlon person id",
			"data_center": "the data center holding the account (EU, …)",
			"authorities": "the user's roles (ROLE_USER…)",
		},
	}
}
