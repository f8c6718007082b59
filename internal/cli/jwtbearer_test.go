package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

func TestCLIJWTBearerGrant(t *testing.T) {
	dir := t.TempDir()
	key, jwks := filepath.Join(dir, "key.jwk"), filepath.Join(dir, "trusted.jwks")
	if code, _, errs := runCLI(t, "", "keygen", "--alg", "EdDSA", "--out", key, "--jwks-out", jwks); code != 0 {
		t.Fatalf("keygen: %s", errs)
	}
	b, err := os.ReadFile(jwks)
	if err != nil {
		t.Fatal(err)
	}
	trusted, err := demoidp.TrustedKeysFromJWKS(b)
	if err != nil {
		t.Fatal(err)
	}
	const iss = "https://issuer.example"
	flags := standaloneDemo(t, demoidp.Options{JWTBearerIssuers: []demoidp.TrustedIssuer{{Issuer: iss, Keys: trusted}}})
	with := func(args ...string) []string { return append(args, flags...) }
	var out struct {
		AccessToken string `json:"access_token"`
		Assertion   struct {
			Header map[string]any `json:"header"`
			Claims map[string]any `json:"claims"`
		} `json:"assertion"`
	}
	runJSON(t, &out, "", with("login", "--grant", "jwt-bearer", "--assertion-key", key, "--assertion-issuer", iss,
		"--assertion-subject", "batch-job", "--assertion-claims", `{"purpose":"nightly"}`, "--scope", "api")...)
	if out.AccessToken == "" || out.Assertion.Claims["sub"] != "batch-job" || out.Assertion.Claims["purpose"] != "nightly" ||
		out.Assertion.Header["alg"] != "EdDSA" || !strings.HasSuffix(out.Assertion.Claims["aud"].(string), "/token") {
		t.Fatalf("jwt-bearer login: %+v", out)
	}
	// an untrusted issuer: invalid_grant, exit 1
	code, _, errs := runCLI(t, "", with("login", "--assertion-key", key, "--assertion-issuer", "https://other.example", "--scope", "api")...)
	if code == 0 || !strings.Contains(errs, "invalid_grant") {
		t.Errorf("untrusted issuer: exit %d, %s", code, errs)
	}
}
