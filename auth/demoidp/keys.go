package demoidp

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// kidLen is the number of thumbprint characters used as key ID.
const kidLen = 16

// SigningKey is a private key with its key ID (the JWK "kid").
type SigningKey struct {
	// ID is the key ID published in the JWKS and put in token headers.
	ID string
	// Private is the private key: *rsa.PrivateKey (RS256, PS256),
	// *ecdsa.PrivateKey (ES256, ES384, ES512) or ed25519.PrivateKey (EdDSA).
	// Its public half is published.
	Private crypto.Signer
}

// KeySource supplies the provider's signing keys. SigningKeys returns at
// least one key, oldest first: the last one signs new tokens, every one
// verifies presented tokens and is published in the JWKS. It is called for
// every token issued or verified, so it must be cheap and safe for
// concurrent use. Callers must not modify the returned slice.
type KeySource interface {
	SigningKeys() []SigningKey
}

// signingAlgs are the algorithms Options.SigningAlg may name.
var signingAlgs = []string{"RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"}

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
	return withKeyID(priv)
}

// NewSigningKeyFor generates a key that signs with alg (one of
// Options.SigningAlg's values): an RSA key of rsaBits for RS256 and PS256,
// a P-256, P-384 or P-521 key for ES256, ES384 and ES512, an Ed25519 key
// for EdDSA. Its ID is as for NewSigningKey.
func NewSigningKeyFor(alg string, rsaBits int) (SigningKey, error) {
	var curve elliptic.Curve
	switch alg {
	case "", "RS256", "PS256":
		return NewSigningKey(rsaBits)
	case "ES256":
		curve = elliptic.P256()
	case "ES384":
		curve = elliptic.P384()
	case "ES512":
		curve = elliptic.P521()
	case "EdDSA":
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return SigningKey{}, fmt.Errorf("demoidp: generate Ed25519 key: %w", err)
		}
		return withKeyID(priv)
	default:
		return SigningKey{}, fmt.Errorf("demoidp: signing algorithm %q (want one of %v)", alg, signingAlgs)
	}
	priv, err := ecdsa.GenerateKey(curve, rand.Reader)
	if err != nil {
		return SigningKey{}, fmt.Errorf("demoidp: generate %s key: %w", alg, err)
	}
	return withKeyID(priv)
}

// withKeyID names priv by the first kidLen characters of its public key's
// RFC 7638 JWK SHA-256 thumbprint.
func withKeyID(priv crypto.Signer) (SigningKey, error) {
	sum, err := (&jose.JSONWebKey{Key: priv.Public()}).Thumbprint(crypto.SHA256)
	if err != nil {
		return SigningKey{}, fmt.Errorf("demoidp: key thumbprint: %w", err)
	}
	return SigningKey{ID: b64(sum)[:kidLen], Private: priv}, nil
}

// fitsAlg reports whether key can sign with the JWS algorithm alg.
func fitsAlg(key crypto.Signer, alg string) error {
	ok := false
	switch k := key.(type) {
	case *rsa.PrivateKey:
		ok = alg == "RS256" || alg == "PS256"
	case *ecdsa.PrivateKey:
		ok = (alg == "ES256" && k.Curve == elliptic.P256()) || (alg == "ES384" && k.Curve == elliptic.P384()) ||
			(alg == "ES512" && k.Curve == elliptic.P521())
	case ed25519.PrivateKey:
		ok = alg == "EdDSA"
	}
	if !ok {
		return fmt.Errorf("demoidp: a %T cannot sign %s", key, alg)
	}
	return nil
}

// fixedKeys is the KeySource New uses when Options.Keys is nil: one key
// generated at start, for the life of the server.
type fixedKeys []SigningKey

// SigningKeys implements KeySource.
func (k fixedKeys) SigningKeys() []SigningKey { return k }

// keySet signs and verifies with the keys of a KeySource.
type keySet struct {
	src KeySource
	alg string // one of signingAlgs (Options.SigningAlg; "" is RS256)
}

// method is the JWS algorithm every issued token is signed with.
func (ks keySet) method() jwt.SigningMethod {
	if ks.alg == "" {
		return jwt.SigningMethodRS256
	}
	return jwt.GetSigningMethod(ks.alg) // withDefaults admits only signingAlgs
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
func (ks keySet) publicKey(kid string) (crypto.PublicKey, bool) {
	for _, k := range ks.src.SigningKeys() {
		if k.ID == kid {
			return k.Private.Public(), true
		}
	}
	return nil, false
}

// jwks returns the JWK Set (RFC 7517), signing key first.
func (ks keySet) jwks() []jose.JSONWebKey {
	keys := ks.src.SigningKeys()
	out := make([]jose.JSONWebKey, 0, len(keys))
	for _, k := range slices.Backward(keys) {
		out = append(out, jose.JSONWebKey{Key: k.Private.Public(), KeyID: k.ID, Algorithm: ks.method().Alg(), Use: "sig"})
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
// returns a compact JWS (RS256, or Options.SigningAlg) signed with the
// current key.
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
		Keys []jose.JSONWebKey `json:"keys"`
	}{s.keys.jwks()})
}

// b64 is unpadded base64url, as used throughout JOSE.
func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
