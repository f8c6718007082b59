package oidc

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/discovery"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	gojose "github.com/go-jose/go-jose/v4"
)

// jwtBearerAssertion is the client_assertion_type of RFC 7523 §2.2.
const jwtBearerAssertion = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// minHS256Secret is the shortest client secret client_secret_jwt can sign with.
const minHS256Secret = 32

// assertionLifetime is how long a client assertion is valid.
const assertionLifetime = 60 * time.Second

// clientCredentials authenticate the client at the token endpoint and at
// the endpoints that share its client authentication (RFC 8414 §2: PAR,
// device authorization, introspection, revocation).
type clientCredentials struct {
	method     auth.ClientAuth
	id, secret string
	aud        string        // client assertions' aud
	signer     gojose.Signer // client assertions' signer (JWT methods); nil when setup failed
	setupErr   error         // why signer is nil
	now        func() time.Time
}

// newClientCredentials reads the profile's client authentication. A key
// file that cannot be read is reported on first use, so that a profile
// with a bad key still resolves and says why it cannot log in.
func newClientCredentials(p auth.Profile, ep discovery.Resolved, now func() time.Time) clientCredentials {
	c := clientCredentials{method: p.Auth(), id: p.ClientID, secret: p.ClientSecret, now: now, aud: ep.TokenURL}
	if p.AssertionAudience == auth.AssertionAudIssuer && ep.Issuer != "" {
		c.aud = ep.Issuer
	}
	switch c.method {
	case auth.AuthPrivateKeyJWT:
		key, err := LoadClientKey(p.ClientKeyFile)
		if err == nil && p.FAPI2() && key.DefaultAlg && key.Algorithm == string(gojose.RS256) {
			key.Algorithm = string(gojose.PS256) // FAPI 2.0 §5.4 allows PS256, not RS256
		}
		if err == nil {
			c.signer, err = key.signer()
		}
		c.setupErr = err
	case auth.AuthSecretJWT:
		if n := len(p.ClientSecret); n < minHS256Secret {
			// RFC 7518 §3.2: an HS256 key must be at least as long as the hash.
			c.setupErr = fmt.Errorf("the client secret has %d bytes; HS256 needs at least %d (RFC 7518 §3.2)", n, minHS256Secret)
			break
		}
		var err error
		c.signer, err = gojose.NewSigner(gojose.SigningKey{Algorithm: gojose.HS256, Key: []byte(p.ClientSecret)}, (&gojose.SignerOptions{}).WithType("JWT"))
		c.setupErr = err
	}
	return c
}

// apply adds the client authentication to a request's form and header.
// For the JWT methods it returns the signed assertion, so it can be shown.
func (c clientCredentials) apply(form url.Values, h http.Header) (assertion string, err error) {
	switch c.method {
	case auth.AuthBasic:
		// RFC 6749 §2.3.1: both parts form-encoded before the Basic encoding.
		req := http.Request{Header: h}
		req.SetBasicAuth(url.QueryEscape(c.id), url.QueryEscape(c.secret))
	case auth.AuthNone, auth.AuthTLSClient, auth.AuthSelfSignedTLS:
		// RFC 8705 §2: with mutual TLS the certificate, presented in the
		// handshake, authenticates; client_id says whose it is.
		form.Set("client_id", c.id)
	case auth.AuthPrivateKeyJWT, auth.AuthSecretJWT:
		if assertion, err = c.assertion(); err != nil {
			return "", err
		}
		form.Set("client_id", c.id)
		form.Set("client_assertion_type", jwtBearerAssertion)
		form.Set("client_assertion", assertion)
	default: // AuthPost
		form.Set("client_id", c.id)
		if c.secret != "" {
			form.Set("client_secret", c.secret)
		}
	}
	return assertion, nil
}

// assertionClaims are a client assertion's claims (RFC 7523 §3).
type assertionClaims struct {
	Iss string `json:"iss"`
	Sub string `json:"sub"`
	Aud string `json:"aud"`
	JTI string `json:"jti"`
	IAT int64  `json:"iat"`
	Exp int64  `json:"exp"`
}

// assertion signs a fresh client assertion.
func (c clientCredentials) assertion() (string, error) {
	if c.signer == nil {
		return "", fmt.Errorf("%s: %w", c.method, c.setupErr)
	}
	now := c.now()
	b, err := json.Marshal(assertionClaims{Iss: c.id, Sub: c.id, Aud: c.aud, JTI: jose.RandomString(16), IAT: now.Unix(), Exp: now.Add(assertionLifetime).Unix()})
	if err != nil {
		return "", err
	}
	jws, err := c.signer.Sign(b)
	if err != nil {
		return "", fmt.Errorf("signing the client assertion: %w", err)
	}
	return jws.CompactSerialize()
}

// ClientKey is a private key for private_key_jwt, with its algorithm and kid.
type ClientKey struct {
	Key       crypto.Signer
	Algorithm string // RS*/PS* (RSA), ES256/ES384/ES512 (by curve) or EdDSA
	KeyID     string // from the JWK file, else the RFC 7638 thumbprint
	// DefaultAlg is true when the file named no algorithm and Algorithm is
	// the key type's default.
	DefaultAlg bool
}

// LoadClientKey reads a private key from a PEM file (PKCS#8, PKCS#1 RSA or
// SEC 1 EC) or a JWK file. The algorithm is the JWK's alg, else RS256 for
// RSA, the curve's (ES256, ES384, ES512) for EC keys and EdDSA for Ed25519.
func LoadClientKey(path string) (*ClientKey, error) {
	if path == "" {
		return nil, errors.New("no client key file given (--client-key)")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("client key: %w", err)
	}
	ck, err := parseClientKey(b)
	if err != nil {
		return nil, fmt.Errorf("client key %s: %w", path, err)
	}
	return ck, nil
}

func parseClientKey(b []byte) (*ClientKey, error) {
	ck := &ClientKey{}
	if t := strings.TrimSpace(string(b)); strings.HasPrefix(t, "{") {
		var jwk gojose.JSONWebKey
		if err := jwk.UnmarshalJSON([]byte(t)); err != nil {
			return nil, fmt.Errorf("not a JWK: %w", err)
		}
		signer, ok := jwk.Key.(crypto.Signer)
		if !ok || jwk.IsPublic() {
			return nil, errors.New("the JWK is not a private RSA or EC key")
		}
		ck.Key, ck.Algorithm, ck.KeyID = signer, jwk.Algorithm, jwk.KeyID
	} else {
		block, _ := pem.Decode(b)
		if block == nil {
			return nil, errors.New("neither a PEM file nor a JWK")
		}
		key, err := parsePrivateKeyDER(block.Bytes)
		if err != nil {
			return nil, err
		}
		ck.Key = key
	}
	ck.DefaultAlg = ck.Algorithm == ""
	switch k := ck.Key.(type) {
	case *rsa.PrivateKey:
		if ck.Algorithm == "" {
			ck.Algorithm = string(gojose.RS256)
		}
		switch gojose.SignatureAlgorithm(ck.Algorithm) {
		case gojose.RS256, gojose.RS384, gojose.RS512, gojose.PS256, gojose.PS384, gojose.PS512:
		default:
			return nil, fmt.Errorf("an RSA key signs RS256/384/512 or PS256/384/512, not %s", ck.Algorithm)
		}
		if k.N.BitLen() < 2048 {
			return nil, fmt.Errorf("the RSA key has %d bits; at least 2048 are needed", k.N.BitLen())
		}
	case *ecdsa.PrivateKey:
		// RFC 7518 §3.4: each curve has its one algorithm.
		alg := map[elliptic.Curve]gojose.SignatureAlgorithm{elliptic.P256(): gojose.ES256, elliptic.P384(): gojose.ES384, elliptic.P521(): gojose.ES512}[k.Curve]
		if alg == "" {
			return nil, errors.New("only P-256, P-384 and P-521 EC keys (ES256, ES384, ES512) are supported")
		}
		if ck.Algorithm != "" && ck.Algorithm != string(alg) {
			return nil, fmt.Errorf("a %s key signs %s, not %s", k.Curve.Params().Name, alg, ck.Algorithm)
		}
		ck.Algorithm = string(alg)
	case ed25519.PrivateKey:
		if ck.Algorithm != "" && ck.Algorithm != string(gojose.EdDSA) {
			return nil, fmt.Errorf("an Ed25519 key signs EdDSA, not %s", ck.Algorithm)
		}
		ck.Algorithm = string(gojose.EdDSA)
	default:
		return nil, fmt.Errorf("unsupported key type %T (want RSA, EC P-256/P-384/P-521 or Ed25519)", ck.Key)
	}
	if ck.KeyID == "" {
		pub := gojose.JSONWebKey{Key: ck.Key.Public()}
		tp, err := pub.Thumbprint(crypto.SHA256)
		if err != nil {
			return nil, fmt.Errorf("thumbprint: %w", err)
		}
		ck.KeyID = base64.RawURLEncoding.EncodeToString(tp)
	}
	return ck, nil
}

// parsePrivateKeyDER reads PKCS#8, PKCS#1 or SEC 1 DER.
func parsePrivateKeyDER(der []byte) (crypto.Signer, error) {
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		if s, ok := k.(crypto.Signer); ok {
			return s, nil
		}
		return nil, fmt.Errorf("unsupported PKCS#8 key %T", k)
	}
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		return k, nil
	}
	return nil, errors.New("the PEM block is not a PKCS#8, PKCS#1 or EC private key")
}

// signer makes the go-jose signer of the key, with its kid in the header.
func (ck *ClientKey) signer() (gojose.Signer, error) {
	return gojose.NewSigner(gojose.SigningKey{Algorithm: gojose.SignatureAlgorithm(ck.Algorithm), Key: gojose.JSONWebKey{Key: ck.Key, KeyID: ck.KeyID, Algorithm: ck.Algorithm}},
		(&gojose.SignerOptions{}).WithType("JWT"))
}
