package oidc

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	gojose "github.com/go-jose/go-jose/v4"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// writeKeyFile writes a private key as a JWK (with kid and alg) or PEM.
func writeKeyFile(t *testing.T, key crypto.Signer, kid, alg string, asJWK bool) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "key")
	var b []byte
	if asJWK {
		var err error
		if b, err = (gojose.JSONWebKey{Key: key, KeyID: kid, Algorithm: alg}).MarshalJSON(); err != nil {
			t.Fatal(err)
		}
	} else {
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			t.Fatal(err)
		}
		b = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// jwtBearerDemo serves the demo provider trusting issuer's key.
func jwtBearerDemo(t *testing.T, issuer, kid string, pub crypto.PublicKey) string {
	t.Helper()
	_, srv := demoEnv(t, demoidp.Options{JWTBearerIssuers: []demoidp.TrustedIssuer{
		{Issuer: issuer, Keys: []demoidp.TrustedKey{{ID: kid, Key: pub}}},
	}})
	return srv.URL
}

func jwtBearerProfile(issuer string, edit func(*auth.Profile)) auth.Profile {
	p := auth.Profile{Name: "jwt-bearer", Issuer: issuer,
		Client:       auth.Client{ClientID: demoidp.PublicClientID, ClientAuth: auth.AuthNone},
		GrantOptions: auth.GrantOptions{Grant: auth.GrantJWTBearer, Scopes: []string{"openid", "api"}}}
	edit(&p)
	return p
}

func TestJWTBearerGrantRoundTrip(t *testing.T) {
	ed, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	for _, tc := range []struct {
		name, alg, kid string
		key            crypto.Signer
		pub            crypto.PublicKey
		jwk            bool
	}{
		{"EdDSA JWK", "EdDSA", "ed-1", edPriv, ed, true},
		{"ES512 PEM", "ES512", "", p521, &p521.PublicKey, false},
		{"PS256 JWK", "PS256", "rsa-pss", rsaKey, &rsaKey.PublicKey, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const iss = "https://trusted-issuer.example"
			issuer := jwtBearerDemo(t, iss, tc.kid, tc.pub)
			keyFile := writeKeyFile(t, tc.key, tc.kid, tc.alg, tc.jwk)
			pr := newTestProvider(t, jwtBearerProfile(issuer, func(p *auth.Profile) {
				p.AssertionKey, p.AssertionIssuer, p.AssertionSubject = keyFile, iss, "service-user"
				p.AssertionClaims = `{"purpose":"test"}`
			}), nil)
			ts, err := pr.JWTBearer(context.Background(), nil)
			if err != nil {
				t.Fatalf("JWTBearer: %v", err)
			}
			if sub := claimString(t, ts.Access, "sub"); sub != "service-user" {
				t.Errorf("access token sub %q", sub)
			}
			a := ts.GrantAssertion
			if a == nil {
				t.Fatal("no assertion on the token set")
			}
			if a.Alg != tc.alg || claimString(t, *a, "aud") != pr.Endpoints().TokenURL || claimString(t, *a, "iss") != iss ||
				claimString(t, *a, "purpose") != "test" || claimString(t, *a, "jti") == "" {
				t.Errorf("assertion alg %s, claims %s", a.Alg, a.Raw)
			}
			if tc.kid != "" && a.Kid != tc.kid {
				t.Errorf("assertion kid %q, want the JWK's %q", a.Kid, tc.kid)
			}
		})
	}
}

func TestJWTBearerGoogleServiceAccountKey(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	const email = "robot@project.iam.gserviceaccount.example"
	issuer := jwtBearerDemo(t, email, "sa-key-1", &key.PublicKey)
	sa, _ := json.Marshal(map[string]string{"type": "service_account", "private_key_id": "sa-key-1", "client_email": email,
		"private_key": string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), "token_uri": issuer + "/token"})
	path := filepath.Join(t.TempDir(), "sa.json")
	os.WriteFile(path, sa, 0o600)
	pr := newTestProvider(t, jwtBearerProfile(issuer, func(p *auth.Profile) { p.AssertionKey = path }), nil)
	ts, err := pr.JWTBearer(context.Background(), nil)
	if err != nil {
		t.Fatalf("JWTBearer with a service account key: %v", err)
	}
	if a := ts.GrantAssertion; a.Kid != "sa-key-1" || claimString(t, *a, "iss") != email || claimString(t, ts.Access, "sub") != email {
		t.Errorf("kid %q, assertion %s, access %s", a.Kid, a.Raw, ts.Access.Raw)
	}
}

func TestJWTBearerRefusals(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	const iss = "https://trusted-issuer.example"
	issuer := jwtBearerDemo(t, iss, "", &key.PublicKey)
	keyFile := writeKeyFile(t, key, "", "", false)
	sign := func(claims map[string]any) string {
		s, err := gojose.NewSigner(gojose.SigningKey{Algorithm: gojose.ES256, Key: key}, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(claims)
		jws, err := s.Sign(b)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := jws.CompactSerialize()
		return out
	}
	now := time.Now()
	for name, edit := range map[string]func(*auth.Profile){
		"expired assertion": func(p *auth.Profile) {
			p.Assertion = sign(map[string]any{"iss": iss, "sub": "u", "aud": issuer + "/token", "exp": now.Add(-time.Minute).Unix(), "iat": now.Add(-6 * time.Minute).Unix()})
		},
		"untrusted issuer": func(p *auth.Profile) { p.AssertionKey, p.AssertionIssuer = keyFile, "https://someone-else.example" },
		"another audience": func(p *auth.Profile) {
			p.AssertionKey, p.AssertionIssuer, p.AssertionAud = keyFile, iss, "https://elsewhere.example/token"
		},
	} {
		t.Run(name, func(t *testing.T) {
			pr := newTestProvider(t, jwtBearerProfile(issuer, edit), nil)
			_, err := pr.JWTBearer(context.Background(), nil)
			if oe, ok := errors.AsType[*auth.OAuthError](err); !ok || oe.Code != "invalid_grant" {
				t.Fatalf("%s: %v, want invalid_grant", name, err)
			}
		})
	}
	if _, err := LoadAssertionKey(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing key file was accepted")
	}
	pr := newTestProvider(t, jwtBearerProfile(issuer, func(p *auth.Profile) { p.AssertionKey, p.AssertionClaims = keyFile, "[1]" }), nil)
	if _, err := pr.JWTBearer(context.Background(), nil); err == nil {
		t.Error("assertion claims that are not an object were accepted")
	}
}
