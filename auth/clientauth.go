package auth

import (
	"fmt"
	"strings"
)

// ClientAuth is how the client authenticates at the token endpoint.
type ClientAuth string

// Client authentication methods (OpenID Connect Core §9 names).
const (
	AuthPost  ClientAuth = "client_secret_post"  // client_id and client_secret in the form body
	AuthBasic ClientAuth = "client_secret_basic" // HTTP Basic authentication
	AuthNone  ClientAuth = "none"                // public client: client_id only, PKCE protects the code
	// AuthPrivateKeyJWT signs a client assertion (RFC 7523 §2.2) with the
	// key in Profile.ClientKeyFile.
	AuthPrivateKeyJWT ClientAuth = "private_key_jwt"
	// AuthSecretJWT signs a client assertion with the client secret (HS256).
	AuthSecretJWT ClientAuth = "client_secret_jwt"
	// AuthTLSClient and AuthSelfSignedTLS authenticate the client by its
	// TLS client certificate (RFC 8705 §2.1, §2.2): a PKI certificate the
	// provider knows by subject, or a self-signed one it has registered.
	AuthTLSClient     ClientAuth = "tls_client_auth"
	AuthSelfSignedTLS ClientAuth = "self_signed_tls_client_auth"
)

// UsesCertificate reports whether the method authenticates the client by
// its TLS certificate.
func (m ClientAuth) UsesCertificate() bool { return m == AuthTLSClient || m == AuthSelfSignedTLS }

// ParseClientAuth accepts the method names and the short forms post, basic and none.
func ParseClientAuth(s string) (ClientAuth, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "post", string(AuthPost):
		return AuthPost, nil
	case "basic", string(AuthBasic):
		return AuthBasic, nil
	case "none", "public":
		return AuthNone, nil
	case string(AuthPrivateKeyJWT):
		return AuthPrivateKeyJWT, nil
	case string(AuthSecretJWT):
		return AuthSecretJWT, nil
	case string(AuthTLSClient), "tls":
		return AuthTLSClient, nil
	case string(AuthSelfSignedTLS), "self_signed_tls", "self-signed-tls":
		return AuthSelfSignedTLS, nil
	}
	return "", fmt.Errorf("unknown client authentication %q (want post, basic, none, private_key_jwt, client_secret_jwt, tls_client_auth or self_signed_tls_client_auth)", s)
}
