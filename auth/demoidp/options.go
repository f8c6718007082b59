package demoidp

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// Client identifiers and secrets registered by [DefaultClients].
const (
	// DemoClientID is the confidential demo client. It authenticates with
	// DemoClientSecret using client_secret_basic or client_secret_post.
	DemoClientID = "tokeninspector-demo"
	// DemoClientSecret is the secret of DemoClientID.
	DemoClientSecret = "demo-secret"
	// PublicClientID is a public client: it has no secret (token endpoint
	// authentication method "none") and relies on PKCE alone.
	PublicClientID = "tokeninspector-public"
	// SecretJWTClientID is a confidential client whose secret is long
	// enough to sign client_secret_jwt assertions (HS256 needs 32 bytes).
	SecretJWTClientID = "tokeninspector-secret-jwt"
	// SecretJWTClientSecret is the secret of SecretJWTClientID.
	SecretJWTClientSecret = "demo-secret-long-enough-for-hs256-assertions"
)

// Defaults applied by [New] to zero fields of [Options].
const (
	// DefaultAccessTTL is the lifetime of access tokens.
	DefaultAccessTTL = 2 * time.Minute
	// DefaultRefreshTTL is the lifetime of refresh tokens. Every rotation
	// issues a refresh token valid for this long from the time of rotation.
	DefaultRefreshTTL = time.Hour
	// DefaultIDTTL is the lifetime of ID tokens.
	DefaultIDTTL = 2 * time.Minute
	// DefaultKeyBits is the size of the generated RSA signing keys.
	DefaultKeyBits = 2048
	// DefaultSubject is the sub claim of the demo user.
	DefaultSubject = "5ab12678-ac8f-4d3f-9338-652e791dc2ea"
	// DefaultEmail is the email claim of the demo user.
	DefaultEmail = "qa@example.test"
	// DefaultName is the name claim of the demo user.
	DefaultName = "Demo User"
	// DefaultPARTTL is the lifetime of a pushed authorization request.
	DefaultPARTTL = 60 * time.Second
	// DefaultDeviceTTL is the lifetime of a device code.
	DefaultDeviceTTL = 10 * time.Minute
	// DefaultDeviceInterval is the polling interval of the device flow.
	DefaultDeviceInterval = 5 * time.Second
)

// Fixed protocol lifetimes.
const (
	// codeTTL is the lifetime of an authorization code.
	codeTTL = 60 * time.Second
	// pendingTTL is how long a sign-in page stays valid.
	pendingTTL = 10 * time.Minute
	// minKeyBits is the smallest RSA key accepted in Options.KeyBits.
	minKeyBits = 1024
)

// Client is a registered OAuth 2.0 client. Unless it lists RedirectURIs,
// any loopback http redirect URI is accepted, as RFC 8252 §7.3 suggests for
// native apps. Clients registered at the registration endpoint (RFC 7591)
// join these.
type Client struct {
	// Secret is the client secret. An empty Secret makes the client public:
	// it authenticates with method "none" (client_id in the request body)
	// and must use PKCE, which this server requires of every client anyway.
	// A confidential client may also authenticate with a client_secret_jwt
	// assertion (RFC 7523, HS256) signed with Secret.
	Secret string
	// PublicKeys, when set, let the client authenticate with a
	// private_key_jwt assertion (RFC 7523) signed by one of the matching
	// private keys (*rsa.PublicKey or *ecdsa.PublicKey).
	PublicKeys []crypto.PublicKey
	// RedirectURIs, when set, are the only redirect URIs the client may
	// use (a loopback IP literal's port is ignored, RFC 8252 §7.3); empty
	// accepts any loopback redirect URI.
	RedirectURIs []string
	// TLSCertThumbprints, when set, let the client authenticate with one
	// of these self-signed TLS client certificates (x5t#S256;
	// self_signed_tls_client_auth, RFC 8705 §2.2) at the mTLS endpoints.
	TLSCertThumbprints []string
	// TLSSubjectDN, when set, lets the client authenticate with a TLS
	// client certificate of this subject (as x509 Name.String writes it)
	// chaining to Options.ClientCAs (tls_client_auth, RFC 8705 §2.1).
	TLSSubjectDN string
	// RequestObjectAlg, when set, is the only algorithm the client's
	// request objects may use (its request_object_signing_alg).
	RequestObjectAlg string
	// AuthorizationEncryptedResponseAlg, when set (RSA-OAEP-256 or
	// ECDH-ES), encrypts the client's JARM responses to its public key,
	// with AuthorizationEncryptedResponseEnc (default A128CBC-HS256).
	AuthorizationEncryptedResponseAlg, AuthorizationEncryptedResponseEnc string
}

// public reports whether the client has no secret (authentication none).
func (c Client) public() bool {
	return c.Secret == "" && len(c.PublicKeys) == 0 && !c.usesCertificate()
}

// DefaultClients returns a new map holding the confidential clients
// DemoClientID (secret DemoClientSecret) and SecretJWTClientID, and the
// public client PublicClientID.
func DefaultClients() map[string]Client {
	return map[string]Client{
		DemoClientID:      {Secret: DemoClientSecret},
		PublicClientID:    {},
		SecretJWTClientID: {Secret: SecretJWTClientSecret},
	}
}

// Options configures a [Server]. The zero value is usable: every zero field
// takes the default documented on it.
type Options struct {
	// Clients maps client IDs to clients. Nil means DefaultClients(). The
	// map is copied by New.
	Clients map[string]Client

	// AccessTTL, RefreshTTL and IDTTL are the lifetimes of access, refresh
	// and ID tokens. Zero means DefaultAccessTTL, DefaultRefreshTTL and
	// DefaultIDTTL.
	AccessTTL, RefreshTTL, IDTTL time.Duration

	// AutoApprove makes GET /authorize redirect straight back with an
	// authorization code instead of showing the sign-in page. It is meant
	// for tests and headless use.
	AutoApprove bool

	// Now is the clock used for issuing and validating tokens, codes and
	// sign-in requests. Nil means time.Now.
	Now func() time.Time

	// Subject, Email and Name describe the single demo user. Empty means
	// DefaultSubject, DefaultEmail and DefaultName.
	Subject, Email, Name string

	// Logf, if not nil, receives one line per notable event (listening,
	// grants, rejections, revocations). It never receives token, code,
	// verifier or secret values.
	Logf func(format string, args ...any)

	// KeyBits is the size of the RSA signing key generated by New when
	// Keys is nil. Zero means DefaultKeyBits; values below 1024 are
	// rejected.
	KeyBits int

	// RequirePAR makes the authorization endpoint accept only pushed
	// requests (RFC 9126 §5): require_pushed_authorization_requests.
	RequirePAR bool
	// PARTTL is the lifetime of a pushed request's request_uri. Zero means
	// DefaultPARTTL.
	PARTTL time.Duration
	// DeviceTTL and DeviceInterval are the device code's lifetime and the
	// polling interval it asks for (RFC 8628). Zero means DefaultDeviceTTL
	// and DefaultDeviceInterval.
	DeviceTTL, DeviceInterval time.Duration
	// DPoPNonce makes the token and userinfo endpoints require a server
	// nonce in DPoP proofs (RFC 9449 §8, §9): the first proof without the
	// current nonce is answered with use_dpop_nonce.
	DPoPNonce bool

	// Keys, if not nil, supplies the signing keys instead of one key
	// generated by New (for example a fixed key, or keys rotated by the
	// caller). KeyBits is then ignored.
	Keys KeySource

	// SigningAlg is the JWS algorithm of every issued token (access, ID,
	// JARM): "" or RS256; PS256 (as FAPI 2.0 §5.4 allows, with the same RSA
	// keys); ES256, ES384 or ES512 (a P-256, P-384 or P-521 key); or EdDSA
	// (an Ed25519 key). The generated key is of that kind; Options.Keys
	// must hold keys that can sign with it.
	SigningAlg string

	// TrustedKeys are public keys whose tokens userinfo and introspection
	// accept as access tokens besides this server's own (signature, exp,
	// nbf and iss checked; no revocation), so that a test can make tokens
	// the demo accepts or refuses. See TrustedKeysFromJWKS.
	TrustedKeys []TrustedKey

	// JWTBearerIssuers are the issuers whose assertions the JWT bearer
	// grant takes (RFC 7523 §2.1).
	JWTBearerIssuers []TrustedIssuer

	// ClientCAs are the CAs tls_client_auth clients' certificates must
	// chain to (Client.TLSSubjectDN).
	ClientCAs *x509.CertPool
}

// withDefaults validates o and returns a copy with defaults applied.
func (o Options) withDefaults() (Options, error) {
	if o.Clients == nil {
		o.Clients = DefaultClients()
	} else {
		o.Clients = maps.Clone(o.Clients)
	}
	if len(o.Clients) == 0 {
		return o, errors.New("demoidp: Options.Clients is empty")
	}
	if _, ok := o.Clients[""]; ok {
		return o, errors.New("demoidp: Options.Clients has an empty client ID")
	}
	for name, d := range map[string]*time.Duration{
		"AccessTTL":  &o.AccessTTL,
		"RefreshTTL": &o.RefreshTTL,
		"IDTTL":      &o.IDTTL,
		"PARTTL":     &o.PARTTL,
		"DeviceTTL":  &o.DeviceTTL,
		"Interval":   &o.DeviceInterval,
	} {
		if *d < 0 {
			return o, fmt.Errorf("demoidp: Options.%s is negative (%v)", name, *d)
		}
	}
	if o.AccessTTL == 0 {
		o.AccessTTL = DefaultAccessTTL
	}
	if o.RefreshTTL == 0 {
		o.RefreshTTL = DefaultRefreshTTL
	}
	if o.IDTTL == 0 {
		o.IDTTL = DefaultIDTTL
	}
	if o.PARTTL == 0 {
		o.PARTTL = DefaultPARTTL
	}
	if o.DeviceTTL == 0 {
		o.DeviceTTL = DefaultDeviceTTL
	}
	if o.DeviceInterval == 0 {
		o.DeviceInterval = DefaultDeviceInterval
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Subject == "" {
		o.Subject = DefaultSubject
	}
	if o.Email == "" {
		o.Email = DefaultEmail
	}
	if o.Name == "" {
		o.Name = DefaultName
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	if o.SigningAlg != "" && !slices.Contains(signingAlgs, o.SigningAlg) {
		return o, fmt.Errorf("demoidp: Options.SigningAlg %q (want one of %v)", o.SigningAlg, signingAlgs)
	}
	if o.KeyBits == 0 {
		o.KeyBits = DefaultKeyBits
	}
	if o.KeyBits < minKeyBits {
		return o, fmt.Errorf("demoidp: Options.KeyBits %d is below %d", o.KeyBits, minKeyBits)
	}
	return o, nil
}
