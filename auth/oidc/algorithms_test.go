package oidc

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// EdDSA (Ed25519), ES512 (P-521) and RSA-PSS keys sign the client
// assertion (private_key_jwt) and the request object of a login the demo
// provider accepts; the ID token it returns verifies.
func TestClientKeyAlgorithmsEndToEnd(t *testing.T) {
	edPub, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	clients := demoidp.DefaultClients()
	clients["ed-client"] = demoidp.Client{PublicKeys: []crypto.PublicKey{edPub}}
	clients["p521-client"] = demoidp.Client{PublicKeys: []crypto.PublicKey{&p521.PublicKey}}
	clients["pss-client"] = demoidp.Client{PublicKeys: []crypto.PublicKey{&rsaKey.PublicKey}}
	_, srv := demoEnv(t, demoidp.Options{Clients: clients})
	for _, tc := range []struct {
		client, alg, reqObj string
		key                 crypto.Signer
		jwk                 bool
	}{
		{"ed-client", "EdDSA", "EdDSA", edPriv, false},
		{"p521-client", "ES512", "ES512", p521, false},
		{"pss-client", "PS256", "PS256", rsaKey, true},
	} {
		t.Run(tc.alg, func(t *testing.T) {
			p := demoProfile(srv.URL)
			p.ClientID, p.ClientSecret, p.ClientAuth = tc.client, "", auth.AuthPrivateKeyJWT
			p.ClientKeyFile = writeKeyFile(t, tc.key, "", tc.alg, tc.jwk)
			p.RequestObject = tc.reqObj
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			pr := newTestProvider(t, p, newFakeBrowser(t).Open)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			ts, err := pr.Login(ctx, LoginOptions{})
			if err != nil {
				t.Fatalf("Login: %v", err)
			}
			if ts.ClientAssertion == nil || ts.ClientAssertion.Alg != tc.alg {
				t.Errorf("client assertion %+v; want %s", ts.ClientAssertion, tc.alg)
			}
			if ts.RequestObject == nil || ts.RequestObject.Alg != tc.reqObj {
				t.Errorf("request object %+v; want %s", ts.RequestObject, tc.reqObj)
			}
		})
	}
}
