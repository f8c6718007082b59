package jose

import (
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"

	gojose "github.com/go-jose/go-jose/v4"
)

// A DPoP key file's algorithm follows its key type; keys that cannot make
// proofs are refused with the reason.
func TestLoadDPoPKeyAlgorithmFromKeyType(t *testing.T) {
	for _, alg := range DPoPAlgs {
		k, err := NewDPoPKeyAlg(alg)
		if err != nil {
			t.Fatal(err)
		}
		jwk, _ := k.PrivateJWK()
		var j gojose.JSONWebKey
		_ = j.UnmarshalJSON(jwk)
		j.Algorithm = "" // a key file without alg
		bare, _ := j.MarshalJSON()
		back, err := LoadDPoPKey(bare)
		if err != nil || back.Alg() != alg || back.Thumbprint() != k.Thumbprint() {
			t.Errorf("%s key without alg: %v, %v; want %s", alg, back, err, alg)
		}
	}
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	rs, _ := (&gojose.JSONWebKey{Key: rk, Algorithm: "RS256"}).MarshalJSON()
	if k, err := LoadDPoPKey(rs); err != nil || k.Alg() != "RS256" {
		t.Errorf("RSA JWK with alg RS256: %v, %v; want RS256", k, err)
	}
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	smallJWK, _ := (&gojose.JSONWebKey{Key: small}).MarshalJSON()
	pub, _ := (&gojose.JSONWebKey{Key: &rk.PublicKey}).MarshalJSON()
	sym, _ := (&gojose.JSONWebKey{Key: []byte("0123456789abcdef0123456789abcdef")}).MarshalJSON()
	for _, tc := range []struct {
		name string
		jwk  []byte
		want string
	}{
		{"small RSA", smallJWK, "1024-bit"},
		{"public key", pub, "public"},
		{"symmetric", sym, "want an EC, Ed25519"},
		{"not JSON", []byte("nope"), "not a JWK"},
	} {
		if _, err := LoadDPoPKey(tc.jwk); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want an error mentioning %q", tc.name, err, tc.want)
		}
	}
	if _, err := NewDPoPKeyAlg("HS256"); err == nil {
		t.Error("NewDPoPKeyAlg(HS256) made a key")
	}
}
