package oidc

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"net/url"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// Request objects (RFC 9101) against the demo provider: the authorization
// request travels as a JWT — unsigned (rp-request_uri-unsigned), or
// signed with the client key, by value or inside a pushed request — and
// the login shows the object decoded.
func TestLoginWithRequestObject(t *testing.T) {
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	clients := demoidp.DefaultClients()
	clients["jar-client"] = demoidp.Client{PublicKeys: []crypto.PublicKey{&rsaKey.PublicKey, &ecKey.PublicKey}}
	_, srv := demoEnv(t, demoidp.Options{Clients: clients})
	rsaPEM, _ := writeKeyFiles(t, rsaKey, "", "")
	ecPEM, _ := writeKeyFiles(t, ecKey, "", "")

	for _, tc := range []struct {
		name, alg, key string
		par            bool
	}{
		{"rp-request_uri-unsigned", auth.RequestObjectNone, "", false},
		{"signed PS256 by value", "PS256", rsaPEM, false},
		{"signed ES256 pushed (PAR)", "ES256", ecPEM, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := demoProfile(srv.URL)
			p.RequestObject = tc.alg
			if tc.key != "" {
				p.ClientID, p.ClientSecret, p.ClientAuth, p.ClientKeyFile = "jar-client", "", auth.AuthPrivateKeyJWT, tc.key
			}
			if tc.par {
				p.PAR = auth.PAROn
			}
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			b := newFakeBrowser(t)
			pr := newTestProvider(t, p, b.Open)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			ts, err := pr.Login(ctx, LoginOptions{})
			if err != nil {
				t.Fatalf("Login: %v", err)
			}
			u, _ := url.Parse(<-b.opened)
			q := u.Query()
			switch {
			case tc.par && (q.Get("request_uri") == "" || q.Has("request")):
				t.Errorf("browser URL %s; want only the pushed request_uri", u)
			case !tc.par && (q.Get("request") == "" || q.Has("redirect_uri") || q.Has("state") || q.Has("code_challenge")):
				t.Errorf("browser URL %s; want the parameters inside request, not beside it", u)
			}
			ro := ts.RequestObject
			if ro == nil {
				t.Fatal("the token set does not show the request object")
			}
			if ro.Alg != tc.alg || ro.Issuer != p.ClientID || len(ro.Audience) != 1 || ro.Audience[0] != srv.URL {
				t.Errorf("request object alg %s iss %s aud %v; want %s from the client to the issuer", ro.Alg, ro.Issuer, ro.Audience, tc.alg)
			}
			if f, ok := ro.Claim("redirect_uri"); !ok || len(f.Raw) < 10 {
				t.Errorf("the request object lacks redirect_uri: %v", ro.Claims)
			}
		})
	}
}
