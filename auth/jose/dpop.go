package jose

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	gojose "github.com/go-jose/go-jose/v4"
)

// DPoPAlgs are the algorithms a DPoP key can sign its proofs with; the
// first is the default.
var DPoPAlgs = []string{"ES256", "ES384", "ES512", "EdDSA", "PS256"}

// DPoPKey is a session's DPoP key (RFC 9449): a key pair (EC, Ed25519 or
// RSA) that proves possession on every token request and resource call. A
// DPoP-bound refresh token is useless without it, so it is kept with the
// refresh token (PrivateJWK / LoadDPoPKey).
type DPoPKey struct {
	priv   crypto.Signer
	alg    gojose.SignatureAlgorithm
	public gojose.JSONWebKey
	thumb  string // RFC 7638 SHA-256 thumbprint, base64url
	signer gojose.Signer
}

// NewDPoPKey makes a fresh ES256 key.
func NewDPoPKey() (*DPoPKey, error) { return NewDPoPKeyAlg("") }

// NewDPoPKeyAlg makes a fresh key for alg, one of DPoPAlgs ("" is ES256).
func NewDPoPKeyAlg(alg string) (*DPoPKey, error) {
	var (
		priv crypto.Signer
		err  error
	)
	switch alg {
	case "", "ES256":
		priv, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case "ES384":
		priv, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case "ES512":
		priv, err = ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	case "EdDSA":
		_, priv, err = ed25519.GenerateKey(rand.Reader)
	case "PS256":
		priv, err = rsa.GenerateKey(rand.Reader, 2048)
	default:
		return nil, fmt.Errorf("DPoP algorithm %q is not one of %v", alg, DPoPAlgs)
	}
	if err != nil {
		return nil, fmt.Errorf("DPoP key: %w", err)
	}
	return dpopKeyFrom(priv, "")
}

// LoadDPoPKey reads a private JWK (as PrivateJWK writes it); the algorithm
// follows the key type: ES256/384/512 by curve, EdDSA for Ed25519, and for
// RSA the JWK's alg when it is RS/PS 256–512, else PS256.
func LoadDPoPKey(jwk []byte) (*DPoPKey, error) {
	var k gojose.JSONWebKey
	if err := k.UnmarshalJSON(jwk); err != nil {
		return nil, fmt.Errorf("DPoP key: not a JWK: %w", err)
	}
	if k.IsPublic() {
		return nil, errors.New("DPoP key: a public JWK; want the private key")
	}
	switch priv := k.Key.(type) {
	case *ecdsa.PrivateKey:
		return dpopKeyFrom(priv, "")
	case ed25519.PrivateKey:
		return dpopKeyFrom(priv, "")
	case *rsa.PrivateKey:
		return dpopKeyFrom(priv, gojose.SignatureAlgorithm(k.Algorithm))
	}
	return nil, fmt.Errorf("DPoP key: a %T JWK; want an EC, Ed25519 (OKP) or RSA private key", k.Key)
}

// dpopAlg is the algorithm priv signs with: by curve for EC keys, EdDSA for
// Ed25519, rsaAlg (when RS/PS 256–512) or PS256 for RSA.
func dpopAlg(priv crypto.Signer, rsaAlg gojose.SignatureAlgorithm) (gojose.SignatureAlgorithm, error) {
	switch k := priv.(type) {
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P256():
			return gojose.ES256, nil
		case elliptic.P384():
			return gojose.ES384, nil
		case elliptic.P521():
			return gojose.ES512, nil
		}
		return "", fmt.Errorf("DPoP key: curve %s is not P-256, P-384 or P-521", k.Curve.Params().Name)
	case ed25519.PrivateKey:
		return gojose.EdDSA, nil
	case *rsa.PrivateKey:
		if k.N.BitLen() < 2048 {
			return "", fmt.Errorf("DPoP key: a %d-bit RSA key; want at least 2048 bits", k.N.BitLen())
		}
		switch rsaAlg {
		case gojose.RS256, gojose.RS384, gojose.RS512, gojose.PS256, gojose.PS384, gojose.PS512:
			return rsaAlg, nil
		}
		return gojose.PS256, nil
	}
	return "", fmt.Errorf("DPoP key: a %T key; want EC, Ed25519 or RSA", priv)
}

func dpopKeyFrom(priv crypto.Signer, rsaAlg gojose.SignatureAlgorithm) (*DPoPKey, error) {
	alg, err := dpopAlg(priv, rsaAlg)
	if err != nil {
		return nil, err
	}
	pub := gojose.JSONWebKey{Key: priv.Public(), Algorithm: string(alg)}
	tp, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("DPoP key thumbprint: %w", err)
	}
	signer, err := gojose.NewSigner(gojose.SigningKey{Algorithm: alg, Key: priv},
		(&gojose.SignerOptions{EmbedJWK: true}).WithType("dpop+jwt"))
	if err != nil {
		return nil, fmt.Errorf("DPoP signer: %w", err)
	}
	return &DPoPKey{priv: priv, alg: alg, public: pub, thumb: base64.RawURLEncoding.EncodeToString(tp), signer: signer}, nil
}

// Alg is the algorithm the key's proofs are signed with.
func (k *DPoPKey) Alg() string { return string(k.alg) }

// Thumbprint is the key's RFC 7638 thumbprint, the cnf.jkt a bound access
// token carries.
func (k *DPoPKey) Thumbprint() string { return k.thumb }

// PrivateJWK is the private key as a JWK, to store with the refresh token.
// It is a secret.
func (k *DPoPKey) PrivateJWK() ([]byte, error) {
	return (&gojose.JSONWebKey{Key: k.priv, Algorithm: string(k.alg)}).MarshalJSON()
}

// String shows the thumbprint only.
func (k *DPoPKey) String() string { return "DPoPKey{" + string(k.alg) + " jkt=" + k.thumb + "}" }

// dpopClaims are a proof's claims (RFC 9449 §4.2).
type dpopClaims struct {
	JTI   string `json:"jti"`
	HTM   string `json:"htm"`
	HTU   string `json:"htu"`
	IAT   int64  `json:"iat"`
	ATH   string `json:"ath,omitempty"`
	Nonce string `json:"nonce,omitempty"`
}

// Proof makes a fresh proof for one request: method and URL (query and
// fragment are left out of htu), issued at at, with ath when accessToken is
// set (resource calls) and the server's nonce when it sent one.
func (k *DPoPKey) Proof(method, target, accessToken, nonce string, at time.Time) (string, error) {
	u, err := url.Parse(target)
	if err != nil {
		return "", fmt.Errorf("DPoP proof: %w", err)
	}
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	c := dpopClaims{JTI: RandomString(16), HTM: strings.ToUpper(method), HTU: u.String(), IAT: at.Unix(), Nonce: nonce}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		c.ATH = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	payload, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("DPoP proof: %w", err)
	}
	jws, err := k.signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("DPoP proof: %w", err)
	}
	return jws.CompactSerialize()
}

// randomString returns n random bytes, base64url encoded.
func RandomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}
