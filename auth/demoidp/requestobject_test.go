package demoidp

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The request object rule: signed objects verify with the client's key
// and name it as iss and the issuer as aud; alg none only from a client
// without keys; the object's client_id is the request's.
func TestRequestObjectRule(t *testing.T) {
	s, err := New(Options{KeyBits: 1024})
	if err != nil {
		t.Fatal(err)
	}
	const iss = "https://op.example"
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	keyed := Client{PublicKeys: []crypto.PublicKey{&key.PublicKey}}
	claims := func(mod func(jwt.MapClaims)) jwt.MapClaims {
		c := jwt.MapClaims{"client_id": "c", "iss": "c", "aud": iss, "exp": time.Now().Add(time.Minute).Unix(), "redirect_uri": "http://127.0.0.1/callback", "max_age": 60.0}
		if mod != nil {
			mod(c)
		}
		return c
	}
	sign := func(k *ecdsa.PrivateKey, c jwt.MapClaims) string {
		tok, err := jwt.NewWithClaims(jwt.SigningMethodES256, c).SignedString(k)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	unsigned := func(c jwt.MapClaims) string {
		tok, err := jwt.NewWithClaims(jwt.SigningMethodNone, c).SignedString(jwt.UnsafeAllowNoneSignatureType)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	for _, tc := range []struct {
		name    string
		client  Client
		request string
		wantErr string
	}{
		{"signed by the client's key", keyed, sign(key, claims(nil)), ""},
		{"unsigned from a client without keys", Client{}, unsigned(claims(nil)), ""},
		{"unsigned from a client with keys", keyed, unsigned(claims(nil)), "must be signed"},
		{"signed by another key", keyed, sign(other, claims(nil)), "refused"},
		{"aud another provider", keyed, sign(key, claims(func(c jwt.MapClaims) { c["aud"] = "https://other.example" })), "refused"},
		{"iss another client", keyed, sign(key, claims(func(c jwt.MapClaims) { c["iss"] = "x" })), "refused"},
		{"client_id another client", Client{}, unsigned(claims(func(c jwt.MapClaims) { c["client_id"] = "x" })), "client_id"},
		{"registered another alg", Client{RequestObjectAlg: "PS256", PublicKeys: keyed.PublicKeys}, sign(key, claims(nil)), "PS256"},
		{"not a JWS", Client{}, base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)), "compact JWS"},
	} {
		got, err := s.requestObjectParams(url.Values{"request": {tc.request}}, "c", tc.client, iss)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: %v; want accepted", tc.name, err)
		case tc.wantErr == "" && (got.Get("redirect_uri") != "http://127.0.0.1/callback" || got.Get("max_age") != "60" || got.Has("iss")):
			t.Errorf("%s: params %v; want the object's claims as parameters", tc.name, got)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: %v; want an error about %q", tc.name, err, tc.wantErr)
		}
	}
}
