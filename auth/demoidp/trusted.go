package demoidp

import (
	"crypto"
	"errors"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// TrustedKey is a public key whose tokens the userinfo and introspection
// endpoints accept as access tokens, besides the ones this server issued:
// test tokens made with `tokeninspector sign` and a key of the tester's.
type TrustedKey struct {
	// ID is the key's kid ("" matches any token kid).
	ID string
	// Key is *rsa.PublicKey, *ecdsa.PublicKey or ed25519.PublicKey.
	Key crypto.PublicKey
}

// TrustedKeysFromJWKS reads the public keys of a JWK Set (or any key file
// jose.ParseKeys reads; private keys give their public half).
func TrustedKeysFromJWKS(b []byte) ([]TrustedKey, error) {
	keys, err := jose.ParseKeys(b)
	if err != nil {
		return nil, err
	}
	var out []TrustedKey
	for _, k := range keys {
		if _, secret := k.Key.([]byte); secret {
			continue
		}
		if !k.IsPublic() {
			k = k.Public()
		}
		out = append(out, TrustedKey{ID: k.KeyID, Key: k.Key})
	}
	if len(out) == 0 {
		return nil, errors.New("no public key in the trusted key set")
	}
	return out, nil
}

// trustedClaims are the claims read from a token signed by a trusted key.
type trustedClaims struct {
	jwt.RegisteredClaims
	Scope    any    `json:"scope"` // "a b" or ["a", "b"]
	ClientID string `json:"client_id"`
}

func (c *trustedClaims) scopes() []string {
	switch v := c.Scope.(type) {
	case string:
		return strings.Fields(v)
	case []any:
		var out []string
		for _, s := range v {
			if str, ok := s.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	return nil
}

// parseTrusted verifies raw with the trusted keys: signature, exp
// (required), nbf and iss (this server's issuer). The error says which
// check failed.
func (s *Server) parseTrusted(raw, issuer string) (*trustedClaims, error) {
	if len(s.opts.TrustedKeys) == 0 {
		return nil, errors.New("no trusted keys")
	}
	claims := new(trustedClaims)
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		var set jwt.VerificationKeySet
		for _, k := range s.opts.TrustedKeys {
			if k.ID == "" || kid == "" || k.ID == kid {
				set.Keys = append(set.Keys, k.Key)
			}
		}
		if len(set.Keys) == 0 {
			return nil, fmt.Errorf("no trusted key %q", kid)
		}
		return set, nil
	},
		jwt.WithValidMethods([]string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}),
		jwt.WithTimeFunc(s.now), jwt.WithIssuer(issuer), jwt.WithExpirationRequired())
	if err != nil {
		return nil, fmt.Errorf("demoidp: trusted token: %w", err)
	}
	return claims, nil
}
