package jose

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
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

// DPoPKey is a session's DPoP key (RFC 9449): an ES256 key pair that
// proves possession on every token request and resource call. A
// DPoP-bound refresh token is useless without it, so it is kept with the
// refresh token (PrivateJWK / LoadDPoPKey).
type DPoPKey struct {
	priv   *ecdsa.PrivateKey
	public gojose.JSONWebKey
	thumb  string // RFC 7638 SHA-256 thumbprint, base64url
	signer gojose.Signer
}

// NewDPoPKey makes a fresh ES256 key.
func NewDPoPKey() (*DPoPKey, error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("DPoP key: %w", err)
	}
	return dpopKeyFrom(priv)
}

// LoadDPoPKey reads a private key written by PrivateJWK.
func LoadDPoPKey(jwk []byte) (*DPoPKey, error) {
	var k gojose.JSONWebKey
	if err := k.UnmarshalJSON(jwk); err != nil {
		return nil, fmt.Errorf("DPoP key: not a JWK: %w", err)
	}
	priv, ok := k.Key.(*ecdsa.PrivateKey)
	if !ok || priv.Curve != elliptic.P256() {
		return nil, errors.New("DPoP key: want a private EC P-256 JWK")
	}
	return dpopKeyFrom(priv)
}

func dpopKeyFrom(priv *ecdsa.PrivateKey) (*DPoPKey, error) {
	pub := gojose.JSONWebKey{Key: &priv.PublicKey, Algorithm: string(gojose.ES256)}
	tp, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("DPoP key thumbprint: %w", err)
	}
	signer, err := gojose.NewSigner(gojose.SigningKey{Algorithm: gojose.ES256, Key: priv},
		(&gojose.SignerOptions{EmbedJWK: true}).WithType("dpop+jwt"))
	if err != nil {
		return nil, fmt.Errorf("DPoP signer: %w", err)
	}
	return &DPoPKey{priv: priv, public: pub, thumb: base64.RawURLEncoding.EncodeToString(tp), signer: signer}, nil
}

// Thumbprint is the key's RFC 7638 thumbprint, the cnf.jkt a bound access
// token carries.
func (k *DPoPKey) Thumbprint() string { return k.thumb }

// PrivateJWK is the private key as a JWK, to store with the refresh token.
// It is a secret.
func (k *DPoPKey) PrivateJWK() ([]byte, error) {
	return (&gojose.JSONWebKey{Key: k.priv, Algorithm: string(gojose.ES256)}).MarshalJSON()
}

// String shows the thumbprint only.
func (k *DPoPKey) String() string { return "DPoPKey{jkt=" + k.thumb + "}" }

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
