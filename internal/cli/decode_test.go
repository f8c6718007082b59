package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// TestCLIDecodeVerifyAndDecrypt runs decode --verify with each key flag and
// decode --decrypt-key on a JWE holding a signed JWT.
func TestCLIDecodeVerifyAndDecrypt(t *testing.T) {
	sigKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	encKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	jwk := jose.JSONWebKey{Key: &sigKey.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}
	jwks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{jwk}})
	}))
	defer jwks.Close()

	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": "https://id.example", "sub": "u", "exp": 4000000000})
	tok.Header["kid"] = "k1"
	signed, err := tok.SignedString(sigKey)
	if err != nil {
		t.Fatal(err)
	}
	secret := "a-secret-of-at-least-thirty-two-bytes!!"
	hs, _ := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.MapClaims{"sub": "u"}).SignedString([]byte(secret))

	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pubDER, _ := x509.MarshalPKIXPublicKey(&sigKey.PublicKey)
	pubPEM := write("sig.pem", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}))
	otherDER, _ := x509.MarshalPKIXPublicKey(&encKey.PublicKey)
	otherPEM := write("other.pem", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: otherDER}))
	encPKCS8, _ := x509.MarshalPKCS8PrivateKey(encKey)
	decKey := write("enc.pem", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: encPKCS8}))

	enc, err := jose.NewEncrypter(jose.A256GCM, jose.Recipient{Algorithm: jose.RSA_OAEP_256, Key: &encKey.PublicKey},
		(&jose.EncrypterOptions{}).WithContentType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	obj, _ := enc.Encrypt([]byte(signed))
	jwe, _ := obj.CompactSerialize()

	tests := []struct {
		name string
		args []string
		code int
		out  []string
	}{
		{"JWKS URL", []string{"decode", "--jwks-url", jwks.URL, signed}, 0, []string{`"status": "verified"`, `"name": "kid"`, `"key_source": "JWKS ` + jwks.URL}},
		{"PEM key", []string{"decode", "--verify", "--key", pubPEM, signed}, 0, []string{`"status": "verified"`, "checked with key file " + pubPEM}},
		{"wrong PEM key", []string{"decode", "--key", otherPEM, signed}, 1, []string{`"status": "invalid"`}},
		{"HMAC secret", []string{"decode", "--secret", secret, hs}, 0, []string{`"status": "verified"`, "HS512 signature checked with the secret given"}},
		{"HMAC without the secret", []string{"decode", "--verify", "--jwks-url", jwks.URL, hs}, 1, []string{"signed with a secret only the server holds"}},
		{"JWE header only", []string{"decode", jwe}, 0, []string{`"enc": "A256GCM"`, `"alg": "RSA-OAEP-256"`, "--decrypt-key FILE"}},
		{"JWE decrypted and verified", []string{"decode", "--decrypt-key", decKey, "--jwks-url", jwks.URL, jwe}, 0, []string{`"decrypted": true`, `"inner": {`, `"status": "verified"`, `"sub": "u"`}},
		{"JWE with the wrong key", []string{"decode", "--decrypt-key", pubPEM, jwe}, 1, []string{`"decrypted": false`}},
		{"two key flags", []string{"decode", "--key", pubPEM, "--secret", "x", signed}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d; want %d\nstderr: %s\n%s", code, tt.code, errs, out)
			}
			for _, want := range tt.out {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out+errs, secret) {
				t.Errorf("the secret is printed")
			}
		})
	}
}
