package oidc

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"testing"

	gojose "github.com/go-jose/go-jose/v4"
)

// An Ed25519 key (PEM or JWK) is a client key for EdDSA assertions.
func TestParseClientKeyEd25519(t *testing.T) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(priv)
	jwk, _ := json.Marshal(gojose.JSONWebKey{Key: priv, KeyID: "ed"})
	for name, b := range map[string][]byte{
		"PEM": pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}),
		"JWK": jwk,
	} {
		ck, err := parseClientKey(b)
		if err != nil || ck.Algorithm != "EdDSA" {
			t.Fatalf("%s: %+v, %v", name, ck, err)
		}
		s, err := ck.signer()
		if err != nil {
			t.Fatal(err)
		}
		jws, err := s.Sign([]byte(`{"iss":"c"}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := jws.Verify(priv.Public()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}
