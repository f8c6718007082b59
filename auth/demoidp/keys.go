package demoidp

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"sync"

	"github.com/golang-jwt/jwt/v5"
)

// kidLen is the number of thumbprint characters used as key ID.
const kidLen = 16

// signingKey is an RSA key pair with its key ID.
type signingKey struct {
	kid  string
	priv *rsa.PrivateKey
}

// keySet holds the signing keys. The newest key signs; all keys verify and
// are published in the JWKS.
type keySet struct {
	bits int

	mu   sync.RWMutex // guards keys
	keys []signingKey // oldest first; never empty
}

// newKeySet returns a key set holding one freshly generated key.
func newKeySet(bits int) (*keySet, error) {
	k, err := newSigningKey(bits)
	if err != nil {
		return nil, err
	}
	return &keySet{bits: bits, keys: []signingKey{k}}, nil
}

// newSigningKey generates an RSA key whose kid is the first kidLen
// characters of its RFC 7638 JWK thumbprint.
func newSigningKey(bits int) (signingKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return signingKey{}, fmt.Errorf("demoidp: generate %d-bit RSA key: %w", bits, err)
	}
	return signingKey{kid: thumbprint(&priv.PublicKey)[:kidLen], priv: priv}, nil
}

// thumbprint returns the RFC 7638 JWK SHA-256 thumbprint of pub.
func thumbprint(pub *rsa.PublicKey) string {
	// Required members in lexicographic order, no whitespace (RFC 7638 §3.2).
	canonical := `{"e":"` + b64(big.NewInt(int64(pub.E)).Bytes()) +
		`","kty":"RSA","n":"` + b64(pub.N.Bytes()) + `"}`
	sum := sha256.Sum256([]byte(canonical))
	return b64(sum[:])
}

// current returns the signing key.
func (ks *keySet) current() signingKey {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	return ks.keys[len(ks.keys)-1]
}

// publicKey returns the public key with the given kid.
func (ks *keySet) publicKey(kid string) (*rsa.PublicKey, bool) {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	for _, k := range ks.keys {
		if k.kid == kid {
			return &k.priv.PublicKey, true
		}
	}
	return nil, false
}

// rotate generates a key and makes it the signing key.
func (ks *keySet) rotate() (signingKey, error) {
	k, err := newSigningKey(ks.bits) // slow: outside the lock
	if err != nil {
		return signingKey{}, err
	}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	ks.keys = append(ks.keys, k)
	return k, nil
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
func (ks *keySet) jwks() []jwk {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	out := make([]jwk, 0, len(ks.keys))
	for _, k := range slices.Backward(ks.keys) {
		pub := &k.priv.PublicKey
		out = append(out, jwk{
			Kty: "RSA",
			Use: "sig",
			Alg: jwt.SigningMethodRS256.Alg(),
			Kid: k.kid,
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
// returns a compact RS256 JWS signed with the current key.
func (ks *keySet) sign(claims any) (string, error) {
	k := ks.current()
	header, err := json.Marshal(jwtHeader{Alg: jwt.SigningMethodRS256.Alg(), Kid: k.kid, Typ: "JWT"})
	if err != nil {
		return "", fmt.Errorf("demoidp: encode JWT header: %w", err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("demoidp: encode JWT claims: %w", err)
	}
	signingString := b64(header) + "." + b64(payload)
	sig, err := jwt.SigningMethodRS256.Sign(signingString, k.priv)
	if err != nil {
		return "", fmt.Errorf("demoidp: sign JWT: %w", err)
	}
	return signingString + "." + b64(sig), nil
}

// PublicKey returns the public half of the current signing key.
func (s *Server) PublicKey() *rsa.PublicKey {
	return &s.keys.current().priv.PublicKey
}

// KeyID returns the kid of the current signing key.
func (s *Server) KeyID() string { return s.keys.current().kid }

// RotateKey generates a new signing key with a new kid. Tokens issued
// afterwards are signed with it; the previous keys keep verifying and stay in
// the JWKS, which lists the new key first.
func (s *Server) RotateKey() error {
	k, err := s.keys.rotate()
	if err != nil {
		return fmt.Errorf("demoidp: rotate key: %w", err)
	}
	s.opts.Logf("demoidp: rotated signing key, new kid %s", k.kid)
	return nil
}

// handleJWKS serves GET /jwks.json.
func (s *Server) handleJWKS(w http.ResponseWriter, r *http.Request) {
	s.stats.jwks.Add(1)
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, struct {
		Keys []jwk `json:"keys"`
	}{s.keys.jwks()})
}

// b64 is unpadded base64url, as used throughout JOSE.
func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
