package oidc

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// fapiEnv is the demo provider with a private_key_jwt client and the
// profile of a FAPI 2.0 login to it.
func fapiEnv(t *testing.T, opts demoidp.Options) auth.Profile {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	return fapiEnvWithKey(t, opts, key)
}

// fapiEnvWithKey is fapiEnv with the client's key given.
func fapiEnvWithKey(t *testing.T, opts demoidp.Options, key crypto.Signer) auth.Profile {
	t.Helper()
	opts.Clients = demoidp.DefaultClients()
	opts.Clients["fapi-client"] = demoidp.Client{PublicKeys: []crypto.PublicKey{key.Public()}}
	_, srv := demoEnv(t, opts)
	keyFile, _ := writeKeyFiles(t, key, "", "")
	p := demoProfile(srv.URL)
	p.ClientID, p.ClientSecret, p.ClientAuth, p.ClientKeyFile = "fapi-client", "", "", keyFile
	p.SecurityProfile = auth.SecurityProfileFAPI2
	return p
}

func fapiChecks(v check.SetValidation) map[string]check.Check {
	m := map[string]check.Check{}
	for _, c := range v.FAPI2 {
		m[c.Name] = c
	}
	return m
}

// A FAPI 2.0 login against the demo provider in a FAPI-ready setup
// (PS256 tokens, DPoP server nonces): PAR, PKCE, private_key_jwt with the
// issuer as aud and DPoP are forced, and every FAPI check passes —
// the refresh's rotation too.
func TestFAPI2LoginPasses(t *testing.T) {
	p := fapiEnv(t, demoidp.Options{SigningAlg: "PS256", DPoPNonce: true})
	b := newFakeBrowser(t)
	pr := newTestProvider(t, p, b.Open)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if u := <-b.opened; !strings.Contains(u, "request_uri=") {
		t.Errorf("browser URL %s; want a pushed request", u)
	}
	v := pr.ValidateSet(ctx, ts)
	got := fapiChecks(v)
	for _, name := range []string{"fapi2 par", "fapi2 pkce", "fapi2 client authentication", "fapi2 assertion aud", "fapi2 iss parameter", "fapi2 sender-constrained tokens", "fapi2 id_token alg"} {
		if c, ok := got[name]; !ok || c.Status != check.CheckPass {
			t.Errorf("%s = %+v; want pass", name, c)
		}
	}
	if failed := v.FAPI2Failed(); len(failed) != 0 {
		t.Errorf("failed FAPI checks %+v", failed)
	}
	next, err := pr.RefreshSet(ctx, ts)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if c := fapiChecks(pr.ValidateSet(ctx, next))["fapi2 refresh rotation"]; c.Status != check.CheckPass {
		t.Errorf("refresh rotation = %+v; want pass", c)
	}
}

// An RSA client key file that names no algorithm signs FAPI 2.0 client
// assertions PS256 (§5.4), not RSA's usual RS256, so the FAPI rules pass.
func TestFAPI2RSAClientKeySignsPS256(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pr, ts, _, err := loginWith(t, fapiEnvWithKey(t, demoidp.Options{SigningAlg: "PS256", DPoPNonce: true}, key))
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if ts.ClientAssertion == nil || ts.ClientAssertion.Alg != "PS256" {
		t.Fatalf("client assertion %+v; want PS256", ts.ClientAssertion)
	}
	if failed := pr.ValidateSet(context.Background(), ts).FAPI2Failed(); len(failed) != 0 {
		t.Errorf("failed FAPI checks %+v", failed)
	}
}

// The demo provider signing RS256 (its default): the FAPI login goes
// through, and the report names the failed rule and its clause.
func TestFAPI2LoginFailsANamedRule(t *testing.T) {
	p := fapiEnv(t, demoidp.Options{DPoPNonce: true})
	pr := newTestProvider(t, p, newFakeBrowser(t).Open)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	failed := pr.ValidateSet(ctx, ts).FAPI2Failed()
	if len(failed) != 1 || failed[0].Name != "fapi2 id_token alg" || !strings.Contains(failed[0].Reason, "§5.4") || !strings.Contains(failed[0].Reason, "RS256") {
		t.Fatalf("failed FAPI checks %+v; want the id_token alg rule of §5.4", failed)
	}
}

// FAPI 2.0 requires the RFC 9207 iss in the authorization response even
// when the metadata does not promise it.
func TestFAPI2RequiresIss(t *testing.T) {
	res, final, err := parseCallbackIss(map[string][]string{"code": {"c"}, "state": {"s"}}, "s", issCheck{issuer: "https://op.example", required: true, fapi2: true})
	var ie *IssMismatchError
	if err != nil || !final || !errors.As(res.err, &ie) || !strings.Contains(ie.Error(), "FAPI 2.0") {
		t.Fatalf("callback without iss = %v %v %v; want the FAPI refusal", res.err, final, err)
	}
}

// What a FAPI 2.0 profile cannot be.
func TestFAPI2ProfileValidation(t *testing.T) {
	base := auth.Profile{Name: "f", Issuer: "https://op.example", Client: auth.Client{ClientID: "c", ClientKeyFile: "k.pem"},
		Expectations: auth.Expectations{SecurityProfile: auth.SecurityProfileFAPI2}}
	if err := base.Validate(); err != nil {
		t.Fatalf("FAPI profile with a key: %v", err)
	}
	for name, edit := range map[string]func(*auth.Profile){
		"client_secret_post":       func(p *auth.Profile) { p.ClientAuth, p.ClientSecret = auth.AuthPost, "s" },
		"unsigned request object":  func(p *auth.Profile) { p.RequestObject = auth.RequestObjectNone },
		"unknown security profile": func(p *auth.Profile) { p.SecurityProfile = "fapi1" },
		"ES384 DPoP proofs":        func(p *auth.Profile) { p.DPoP, p.DPoPAlg = true, "ES384" },
	} {
		p := base.Clone()
		edit(&p)
		if err := p.Validate(); err == nil {
			t.Errorf("%s: validated; want refused", name)
		}
	}
}
