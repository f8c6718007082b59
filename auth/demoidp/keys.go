package demoidp

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"slices"

	"github.com/golang-jwt/jwt/v5"
)

// kidLen is the number of thumbprint characters used as key ID.
const kidLen = 16

// SigningKey is an RSA key pair with its key ID (the JWK "kid").
type SigningKey struct {
	// ID is the key ID published in the JWKS and put in token headers.
	ID string
	// Private is the RSA private key; its public half is published.
	Private *rsa.PrivateKey
}

// KeySource supplies the provider's signing keys. SigningKeys returns at
// least one key, oldest first: the last one signs new tokens, every one
// verifies presented tokens and is published in the JWKS. It is called for
// every token issued or verified, so it must be cheap and safe for
// concurrent use. Callers must not modify the returned slice.
type KeySource interface {
	SigningKeys() []SigningKey
}

// NewSigningKey generates an RSA key of the given size whose ID is the first
// 16 characters of its RFC 7638 JWK SHA-256 thumbprint.
func NewSigningKey(bits int) (SigningKey, error) {
	if bits < minKeyBits {
		return SigningKey{}, fmt.Errorf("demoidp: RSA key size %d is below %d", bits, minKeyBits)
	}
	priv, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return SigningKey{}, fmt.Errorf("demoidp: generate %d-bit RSA key: %w", bits, err)
	}
	return SigningKey{ID: thumbprint(&priv.PublicKey)[:kidLen], Private: priv}, nil
}

// thumbprint returns the RFC 7638 JWK SHA-256 thumbprint of pub.
func thumbprint(pub *rsa.PublicKey) string {
	// Required members in lexicographic order, no whitespace (RFC 7638 §3.2).
	canonical := `{"e":"` + b64(big.NewInt(int64(pub.E)).Bytes()) +
		`","kty":"RSA","n":"` + b64(pub.N.Bytes()) + `"}`
	sum := sha256.Sum256([]byte(canonical))
	return b64(sum[:])
}

// fixedKeys is the KeySource New uses when Options.Keys is nil: one key
// generated at start, for the life of the server.
type fixedKeys []SigningKey

// SigningKeys implements KeySource.
func (k fixedKeys) SigningKeys() []SigningKey { return k }

// keySet signs and verifies with the keys of a KeySource.
type keySet struct {
	src KeySource
	alg string // RS256 or PS256 (Options.SigningAlg)
}

// method is the JWS algorithm every issued token is signed with.
func (ks keySet) method() jwt.SigningMethod {
	if ks.alg == "PS256" {
		return jwt.SigningMethodPS256
	}
	return jwt.SigningMethodRS256
}

// all returns the source's keys, or an error if it returned none.
func (ks keySet) all() ([]SigningKey, error) {
	keys := ks.src.SigningKeys()
	if len(keys) == 0 {
		return nil, errors.New("demoidp: key source returned no signing key")
	}
	return keys, nil
}

// publicKey returns the public key with the given kid.
func (ks keySet) publicKey(kid string) (*rsa.PublicKey, bool) {
	for _, k := range ks.src.SigningKeys() {
		if k.ID == kid {
			return &k.Private.PublicKey, true
		}
	}
	return nil, false
}

// jwk is one RSA key of a JWK Set (RFC 7517, RFC 7518 §6.3).
type jwk struct {
	Kty string `json:"kty"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// jwks returns the JWK Set, signing key first.
func (ks keySet) jwks() []jwk {
	keys := ks.src.SigningKeys()
	out := make([]jwk, 0, len(keys))
	for _, k := range slices.Backward(keys) {
		pub := &k.Private.PublicKey
		out = append(out, jwk{
			Kty: "RSA",
			Use: "sig",
			Alg: ks.method().Alg(),
			Kid: k.ID,
			N:   b64(pub.N.Bytes()),
			E:   b64(big.NewInt(int64(pub.E)).Bytes()),
		})
	}
	return out
}

// jwtHeader is the JOSE header of every issued token, in this field order.
type jwtHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	Typ string `json:"typ"`
}

// sign serializes claims (a struct, so that the claim order is fixed) and
// returns a compact JWS (RS256, or PS256 by Options.SigningAlg) signed
// with the current key.
func (ks keySet) sign(claims any) (string, error) {
	keys, err := ks.all()
	if err != nil {
		return "", err
	}
	k := keys[len(keys)-1]
	header, err := json.Marshal(jwtHeader{Alg: ks.method().Alg(), Kid: k.ID, Typ: "JWT"})
	if err != nil {
		return "", fmt.Errorf("demoidp: encode JWT header: %w", err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("demoidp: encode JWT claims: %w", err)
	}
	signingString := b64(header) + "." + b64(payload)
	sig, err := ks.method().Sign(signingString, k.Private)
	if err != nil {
		return "", fmt.Errorf("demoidp: sign JWT: %w", err)
	}
	return signingString + "." + b64(sig), nil
}

// handleJWKS serves GET /jwks.json.
func (s *Server) handleJWKS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, struct {
		Keys []jwk `json:"keys"`
	}{s.keys.jwks()})
}

// b64 is unpadded base64url, as used throughout JOSE.
func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
