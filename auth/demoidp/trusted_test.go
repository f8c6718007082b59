package demoidp_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/mint"
)

// Tokens made with a trusted key pass userinfo and introspection; the
// attack tokens made from them do not.
func TestTrustedJWKS(t *testing.T) {
	key, err := mint.Generate("ES256", "")
	if err != nil {
		t.Fatal(err)
	}
	jwks, _ := key.PublicJWKS()
	trusted, err := demoidp.TrustedKeysFromJWKS(jwks)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, demoidp.Options{AutoApprove: true, TrustedKeys: trusted})
	now := e.clock.Now()
	var c mint.Object
	c.SetValue("iss", e.ts.URL)
	c.SetValue("sub", "tester")
	c.SetValue("scope", "openid profile")
	c.SetValue("iat", now.Unix())
	c.SetValue("exp", now.Add(10*time.Minute).Unix())
	tok, err := mint.Sign(c, key, mint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	introspect := func(tok string) map[string]any {
		t.Helper()
		resp := e.post("/introspect", url.Values{"token": {tok}}, demoidp.DemoClientID, demoidp.DemoClientSecret)
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if status := e.userinfo(tok); status != http.StatusOK {
		t.Fatalf("userinfo of a trusted token: %d", status)
	}
	if got := introspect(tok); got["active"] != true || got["sub"] != "tester" || got["scope"] != "openid profile" {
		t.Fatalf("introspect: %v", got)
	}
	for _, name := range []string{"expired", "not-yet-valid", "wrong-iss", "alg-none", "no-signature", "bad-signature",
		"unknown-kid", "hs256-with-public-key", "embedded-jwk", "jku-elsewhere", "missing-exp"} {
		bad, err := mint.MakeAttack(name, mint.AttackInput{Token: tok, Key: key, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if status := e.userinfo(bad); status != http.StatusUnauthorized {
			t.Errorf("%s: userinfo %d", name, status)
		}
		if got := introspect(bad); got["active"] != false {
			t.Errorf("%s: introspect %v", name, got)
		}
	}
	// The server's own tokens still work.
	if status := e.userinfo(e.login().AccessToken); status != http.StatusOK {
		t.Fatalf("own token: %d", status)
	}
	e.assertNotLogged(tok)
}
