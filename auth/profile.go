package auth

import (
	"slices"
)

// PAR settings of a profile (RFC 9126).
const (
	PARAuto = ""    // push when the provider's metadata requires it
	PAROn   = "on"  // always push (the provider must have the endpoint)
	PAROff  = "off" // never push (a provider that requires PAR will refuse)
)

// Assertion audiences of a client assertion (RFC 7523 §3 rule 3).
const (
	AssertionAudTokenEndpoint = ""       // the token endpoint URL (default)
	AssertionAudIssuer        = "issuer" // the issuer identifier
)

// Secret sources, in the order a profile's client secret may come from.
const (
	SecretFromConfig  = "config"  // the config file (plaintext; discouraged)
	SecretFromEnv     = "env"     // TOKENINSPECTOR_CLIENT_SECRET
	SecretFromFlag    = "flag"    // --client-secret
	SecretFromKeyring = "keyring" // the OS keyring
	SecretTyped       = "typed"   // typed into the window for this session
)

// Profile describes one provider and client: where to log in and as whom.
// Its fields are grouped by concern, so a new provider setting goes into one
// group (and that group's merge); the groups are embedded, so the config
// file keeps one flat JSON object per profile.
type Profile struct {
	Name   string `json:"name"`
	Issuer string `json:"issuer,omitempty"` // when set, endpoints come from discovery

	// Endpoints are explicit URLs; each overrides the discovered one.
	Endpoints
	Client
	GrantOptions
	AuthRequest
	Expectations
	Storage
	ToolAccess
}

// Client is how the app authenticates as the client at the provider.
type Client struct {
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
	// ClientAuth empty: chosen from the provider's discovery document
	// (oidc.Defaults), client_secret_post without discovery.
	ClientAuth ClientAuth `json:"client_auth,omitempty"`
	// ClientKeyFile is the PEM or JWK file with the private key of
	// private_key_jwt.
	ClientKeyFile string `json:"client_key_file,omitempty"`
	// AssertionAudience is the aud of client assertions: empty for the
	// token endpoint, "issuer" for the issuer.
	AssertionAudience string `json:"assertion_audience,omitempty"`
	// ClientIDIssuedAt and ClientSecretExpiresAt are the dynamic
	// registration's answer (RFC 7591 §3.2.1, Unix seconds; a secret
	// expiry of 0 means never); both are 0 for a client registered by hand.
	ClientIDIssuedAt      int64 `json:"client_id_issued_at,omitempty"`
	ClientSecretExpiresAt int64 `json:"client_secret_expires_at,omitempty"`
	// SecretSource says where ClientSecret came from (Secret* constants).
	SecretSource string `json:"-"`
	// TLSCert and TLSKey are the TLS client certificate (RFC 8705): PEM
	// certificate and key files (the key may follow the certificate in
	// TLSCert), or TLSCert a PKCS#12 file and TLSKey empty.
	TLSCert string `json:"tls_cert,omitempty"`
	TLSKey  string `json:"tls_key,omitempty"`
	// TLSPassword opens a PKCS#12 TLSCert. It never goes to the config
	// file: the keyring, $TOKENINSPECTOR_TLS_PASSWORD or the form give it,
	// and TLSPasswordSource says which (Secret* constants).
	TLSPassword       string `json:"-"`
	TLSPasswordSource string `json:"-"`
}

// HasCertificate reports whether the profile has a TLS client certificate.
func (c Client) HasCertificate() bool { return c.TLSCert != "" }

// GrantOptions are what a login asks the provider for, and how.
type GrantOptions struct {
	Scopes []string `json:"scopes,omitempty"`
	// Grant is how a login gets tokens; empty means authorization_code.
	Grant Grant `json:"grant,omitempty"`
	// DPoP binds the tokens to a key made for each session (RFC 9449).
	DPoP bool `json:"dpop,omitempty"`
	// DPoPAlg is the algorithm of that key's proofs, one of jose.DPoPAlgs;
	// empty is ES256.
	DPoPAlg string `json:"dpop_alg,omitempty"`
	// PAR is PARAuto, PAROn or PAROff (RFC 9126).
	PAR string `json:"par,omitempty"`
	// Audience is sent with client_credentials and token exchange
	// requests. Resources (RFC 8707 resource indicators: the APIs the
	// tokens are for) are sent on every grant — the authorization and
	// device authorization requests, and every token request (code,
	// refresh, client credentials, device, exchange).
	Audience  string   `json:"audience,omitempty"`
	Resources []string `json:"resources,omitempty"`
	// RedirectPorts are tried in order for the loopback listener; empty
	// means an ephemeral port. Providers that match redirect URIs exactly
	// need the registered port(s) here.
	RedirectPorts []int `json:"redirect_ports,omitempty"`
	// ResponseMode is how the authorization response comes back: empty for
	// the query string, ResponseModeFormPost for a POST to the listener.
	ResponseMode string `json:"response_mode,omitempty"`
	// RequestObject, when set, sends the authorization request as a JWT
	// (RFC 9101) signed with this algorithm: none, RS256, PS256, ES256, ES512 or EdDSA.
	RequestObject string `json:"request_object,omitempty"`
	// AuthParams are extra authorization request parameters (locale,
	// audience…); those AuthRequest has fields for move there on load
	// (MigrateAuthParams), and the fields win when both are set.
	AuthParams map[string]string `json:"auth_params,omitempty"`
	// JWTBearer is how the jwt_bearer grant makes its assertion.
	JWTBearer
}

// JWTBearer is the assertion of the JWT bearer grant (RFC 7523 §2.1, §3):
// signed with AssertionKey (a PEM or JWK private key, or a Google service
// account's JSON key file), or a ready Assertion.
type JWTBearer struct {
	AssertionKey string `json:"jwt_bearer_key,omitempty"`
	// AssertionIssuer and AssertionSubject default to the client id (a
	// service account key's client_email); AssertionAud to the token
	// endpoint.
	AssertionIssuer  string `json:"jwt_bearer_issuer,omitempty"`
	AssertionSubject string `json:"jwt_bearer_subject,omitempty"`
	AssertionAud     string `json:"jwt_bearer_audience,omitempty"`
	// AssertionClaims are extra claims, a JSON object (scope, …).
	AssertionClaims string `json:"jwt_bearer_claims,omitempty"`
	// Assertion is a ready JWT sent as it is (--assertion); never saved.
	Assertion string `json:"-"`
}

// Expectations are what the client knows of the provider's tokens, which
// the checks hold them to.
type Expectations struct {
	// AccessTokenJWT says the provider's access tokens are RFC 9068 JWTs
	// (checked as such even without typ at+jwt).
	AccessTokenJWT bool `json:"access_token_jwt,omitempty"`
	// IDTokenAlg is the client's registered id_token_signed_response_alg,
	// when known; ID tokens signed otherwise fail validation.
	IDTokenAlg string `json:"id_token_alg,omitempty"`
	// SecurityProfile, when SecurityProfileFAPI2, holds logins to the FAPI
	// 2.0 Security Profile: it forces PAR, private_key_jwt with the issuer
	// as assertion aud or mTLS, DPoP unless mTLS binds the tokens
	// (WithSecurityProfile), requires the RFC 9207 iss, and adds the FAPI
	// checks to the report.
	SecurityProfile string `json:"security_profile,omitempty"`
}

// ToolAccess is how other tools' credential helpers get the profile's
// tokens.
type ToolAccess struct {
	// GitUsername and GitHosts are for `tokeninspector git-credential`: the
	// user name it answers git with (default "oauth2") and the hosts it
	// hands the profile's access token to.
	GitUsername string   `json:"git_username,omitempty"`
	GitHosts    []string `json:"git_hosts,omitempty"`
}

// Storage is where a profile comes from and what of its session is kept.
type Storage struct {
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
			Client:       Client{ClientID: "tokeninspector-demo", ClientSecret: "demo-secret", SecretSource: SecretFromConfig, ClientAuth: AuthPost},
			GrantOptions: GrantOptions{Scopes: []string{"openid", "profile", "email"}},
			Storage:      Storage{Demo: true, Builtin: true},
		},
		{
			Name:         DecathlonProfileName,
			Endpoints:    Endpoints{AuthURL: "https://api-eu.decathlon.net/connect/oauth/authorize", TokenURL: "https://api-eu.decathlon.net/connect/oauth/token", UserinfoURL: "https://api-eu.decathlon.net/connect/oauth/userinfo"},
			Client:       Client{ClientAuth: AuthPost},
			GrantOptions: GrantOptions{Scopes: []string{"openid", "profile", "email"}},
			Storage:      Storage{Builtin: true},
		},
	}
}

// HasScope reports whether the profile asks for scope s.
func (p Profile) HasScope(s string) bool { return slices.Contains(p.Scopes, s) }

// GrantType returns the login grant, defaulting to authorization_code.
func (p Profile) GrantType() Grant {
	if p.Grant == "" {
		return GrantAuthorizationCode
	}
	return p.Grant
}

// Auth returns the client authentication method, defaulting to client_secret_post.
func (p Profile) Auth() ClientAuth {
	if p.ClientAuth == "" {
		return AuthPost
	}
	return p.ClientAuth
}

// Clone returns a deep copy, so edits never leak into shared presets.
func (p Profile) Clone() Profile {
	p.Scopes = slices.Clone(p.Scopes)
	p.RedirectPorts = slices.Clone(p.RedirectPorts)
	p.Resources = slices.Clone(p.Resources)
	p.GitHosts = slices.Clone(p.GitHosts)
	p.AuthRequest = p.AuthRequest.Clone()
	if p.AuthParams != nil {
		m := make(map[string]string, len(p.AuthParams))
		for k, v := range p.AuthParams {
			m[k] = v
		}
		p.AuthParams = m
	}
	return p
}

// SecretEnvVar names the environment variable that may hold the client secret.
const SecretEnvVar = "TOKENINSPECTOR_CLIENT_SECRET"
