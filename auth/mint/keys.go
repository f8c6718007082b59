package mint

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"

	gojose "github.com/go-jose/go-jose/v4"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// KeyAlgs are the algorithms Generate makes keys for.
var KeyAlgs = []string{"RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA", "HS256"}

// SignAlgs are the algorithms Sign signs with (alg none is Unsigned).
var SignAlgs = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
	"ES256", "ES384", "ES512", "EdDSA", "HS256", "HS384", "HS512"}

// RSABits is the size of generated RSA keys.
const RSABits = 2048

// Key is a signing key: a private RSA, EC or Ed25519 key or an HMAC
// secret, with the algorithm it signs with and its key ID. Never log it.
type Key struct {
	// Alg is the JWS algorithm the key signs with.
	Alg string
	// Kid is its key ID ("" for none).
	Kid string
	// Private is *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey or
	// []byte (an HMAC secret).
	Private any
}

// Generate makes a new key for alg (one of KeyAlgs, or RS/PS/HS 384 and
// 512). kid "" names it by the first 16 characters of its RFC 7638
// thumbprint.
func Generate(alg, kid string) (*Key, error) {
	var priv any
	var err error
	switch alg {
	case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512":
		priv, err = rsa.GenerateKey(rand.Reader, RSABits)
	case "ES256":
		priv, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case "ES384":
		priv, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case "ES512":
		priv, err = ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	case "EdDSA", "Ed25519":
		alg = "EdDSA"
		_, priv, err = ed25519.GenerateKey(rand.Reader)
	case "HS256", "HS384", "HS512":
		secret := make([]byte, hmacSize(alg))
		_, err = rand.Read(secret)
		priv = secret
	default:
		return nil, fmt.Errorf("unsupported algorithm %q: want one of %v", alg, KeyAlgs)
	}
	if err != nil {
		return nil, fmt.Errorf("generate %s key: %w", alg, err)
	}
	k := &Key{Alg: alg, Kid: kid, Private: priv}
	if kid == "" {
		if k.Kid, err = k.Thumbprint(); err != nil {
			return nil, err
		}
		k.Kid = k.Kid[:16]
	}
	return k, nil
}

func hmacSize(alg string) int {
	switch alg {
	case "HS384":
		return 48
	case "HS512":
		return 64
	}
	return 32
}

// Thumbprint is the key's RFC 7638 SHA-256 thumbprint, base64url.
func (k *Key) Thumbprint() (string, error) {
	if secret, ok := k.Private.([]byte); ok { // go-jose has no oct thumbprint
		sum := sha256.Sum256([]byte(`{"k":"` + b64(secret) + `","kty":"oct"}`))
		return b64(sum[:]), nil
	}
	j := gojose.JSONWebKey{Key: k.Private}
	t, err := j.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", fmt.Errorf("key thumbprint: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(t), nil
}

// IsSecret reports whether the key is an HMAC secret, which has no public half.
func (k *Key) IsSecret() bool {
	_, ok := k.Private.([]byte)
	return ok
}

// Public is the public key (nil for a secret).
func (k *Key) Public() crypto.PublicKey {
	if s, ok := k.Private.(crypto.Signer); ok {
		return s.Public()
	}
	return nil
}

func (k *Key) jwk(public bool) gojose.JSONWebKey {
	j := gojose.JSONWebKey{Key: k.Private, KeyID: k.Kid, Algorithm: k.Alg, Use: "sig"}
	if public && !k.IsSecret() {
		j = j.Public()
	}
	return j
}

// PrivateJWK is the key as a JWK with its private part (or the secret).
func (k *Key) PrivateJWK() ([]byte, error) {
	return json.Marshal(k.jwk(false))
}

// PublicJWK is the public half as a JWK.
func (k *Key) PublicJWK() ([]byte, error) {
	if k.IsSecret() {
		return nil, errors.New("an HMAC secret has no public half to publish")
	}
	return json.Marshal(k.jwk(true))
}

// PublicJWKS is a JWK Set holding the public half.
func (k *Key) PublicJWKS() ([]byte, error) {
	if k.IsSecret() {
		return nil, errors.New("an HMAC secret has no public half to publish in a JWK Set")
	}
	return json.MarshalIndent(gojose.JSONWebKeySet{Keys: []gojose.JSONWebKey{k.jwk(true)}}, "", "  ")
}

// PrivatePEM is the private key as a PKCS #8 "PRIVATE KEY" block.
func (k *Key) PrivatePEM() ([]byte, error) {
	if k.IsSecret() {
		return nil, errors.New("an HMAC secret has no PEM form: write it as a JWK")
	}
	der, err := x509.MarshalPKCS8PrivateKey(k.Private)
	if err != nil {
		return nil, fmt.Errorf("PEM: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// PublicPEM is the public key as a PKIX "PUBLIC KEY" block.
func (k *Key) PublicPEM() ([]byte, error) {
	if k.IsSecret() {
		return nil, errors.New("an HMAC secret has no public half")
	}
	der, err := x509.MarshalPKIXPublicKey(k.Public())
	if err != nil {
		return nil, fmt.Errorf("PEM: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// Describe says what the key is, without any of its secret: "RSA 2048-bit
// key rs-1a2b for RS256".
func (k *Key) Describe() string {
	var what string
	switch p := k.Private.(type) {
	case *rsa.PrivateKey:
		what = fmt.Sprintf("RSA %d-bit key", p.N.BitLen())
	case *ecdsa.PrivateKey:
		what = "EC " + p.Curve.Params().Name + " key"
	case ed25519.PrivateKey:
		what = "Ed25519 key"
	case []byte:
		what = fmt.Sprintf("%d-byte secret", len(p))
	}
	if k.Kid != "" {
		what += " " + k.Kid
	}
	return what + " for " + k.Alg
}

// ParseKey reads a signing key from a key file (anything jose.ParseKeys
// reads: PEM, JWK, JWK Set): the first private key or secret in it. alg ""
// takes the JWK's alg, or the usual one for the key type (RS256, ES256/384/
// 512 by curve, EdDSA, HS256); a given alg must fit the key. The error
// never quotes the file.
func ParseKey(b []byte, alg string) (*Key, error) {
	keys, err := jose.ParseKeys(b)
	if err != nil {
		return nil, err
	}
	for _, j := range keys {
		if j.IsPublic() {
			if _, secret := j.Key.([]byte); !secret {
				continue
			}
		}
		k := &Key{Kid: j.KeyID, Private: j.Key, Alg: j.Algorithm}
		if alg != "" {
			k.Alg = alg
		}
		if k.Alg == "" {
			k.Alg = defaultAlg(j.Key)
		}
		if err := fits(k.Alg, k.Private); err != nil {
			return nil, err
		}
		return k, nil
	}
	return nil, errors.New("the key file holds only public keys: signing needs the private key (or an HMAC secret as an oct JWK)")
}

func defaultAlg(key any) string {
	switch p := key.(type) {
	case *rsa.PrivateKey:
		return "RS256"
	case *ecdsa.PrivateKey:
		switch p.Curve {
		case elliptic.P384():
			return "ES384"
		case elliptic.P521():
			return "ES512"
		}
		return "ES256"
	case ed25519.PrivateKey:
		return "EdDSA"
	}
	return "HS256"
}

// fits checks that alg can sign with key.
func fits(alg string, key any) error {
	if !slices.Contains(SignAlgs, alg) {
		return fmt.Errorf("unsupported algorithm %q: want one of %v", alg, SignAlgs)
	}
	ok := false
	switch p := key.(type) {
	case *rsa.PrivateKey:
		ok = alg[:2] == "RS" || alg[:2] == "PS"
		if ok && p.N.BitLen() < RSABits {
			return fmt.Errorf("the RSA key has %d bits: at least %d are needed", p.N.BitLen(), RSABits)
		}
	case *ecdsa.PrivateKey:
		ok = alg == defaultAlg(key)
	case ed25519.PrivateKey:
		ok = alg == "EdDSA"
	case []byte:
		ok = alg[:2] == "HS"
		if ok && len(p) < hmacSize(alg) {
			return fmt.Errorf("the %s secret has %d bytes: at least %d are needed", alg, len(p), hmacSize(alg))
		}
	}
	if !ok {
		return fmt.Errorf("%s cannot sign with this key (%T)", alg, key)
	}
	return nil
}

// CanSign says why the key cannot sign with alg (nil when it can).
func (k *Key) CanSign(alg string) error { return fits(alg, k.Private) }
