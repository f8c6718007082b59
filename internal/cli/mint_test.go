package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/mint"
)

// TestCLIKeygenSignMutate runs keygen → sign → decode --verify for every
// algorithm, then mutate and the attack set through the command line.
func TestCLIKeygenSignMutate(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, alg := range mint.KeyAlgs {
		key, jwks := p(alg+".jwk"), p(alg+".jwks")
		args := []string{"keygen", "--alg", alg, "--out", key}
		verifyWith := key // an HMAC secret verifies with itself
		if alg != "HS256" {
			args = append(args, "--jwks-out", jwks)
			verifyWith = jwks
		}
		if code, out, errs := runCLI(t, "", args...); code != 0 || strings.Contains(out, `"d"`) || strings.Contains(out, `"k"`) {
			t.Fatalf("keygen %s: %d %s %s", alg, code, out, errs)
		}
		if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("key file mode: %v %v", fi.Mode(), err)
		}
		code, tok, errs := runCLI(t, `{"scope":"read"}`, "sign", "--key", key, "--claims", "-", "--iss", "https://iss.example",
			"--aud", "api", "--sub", "u", "--exp", "10m", "--iat", "now", "--jti", "auto")
		if code != 0 {
			t.Fatalf("sign %s: %s", alg, errs)
		}
		tok = strings.TrimSpace(tok)
		if code, out, errs := runCLI(t, "", "decode", "--verify", "--key", verifyWith, "--kind", "id", "--client-id", "api",
			"--expect-iss", "https://iss.example", tok); code != 0 {
			t.Fatalf("decode --verify %s: %s %s", alg, errs, out)
		}
	}

	// PEM keys, nested JWE.
	if code, _, errs := runCLI(t, "", "keygen", "--alg", "RS256", "--pem", "--out", p("rs.pem"), "--jwks-out", p("rs.jwks")); code != 0 {
		t.Fatal(errs)
	}
	code, jwe, errs := runCLI(t, "", "sign", "--key", p("rs.pem"), "--sub", "u", "--exp", "5m", "--encrypt-to", p("rs.jwks"))
	if code != 0 || strings.Count(jwe, ".") != 4 {
		t.Fatalf("sign --encrypt-to: %s", errs)
	}
	if code, out, errs := runCLI(t, jwe, "decode", "--decrypt-key", p("rs.pem"), "--verify", "--key", p("rs.jwks"), "-"); code != 0 || !strings.Contains(out, `"inner"`) {
		t.Fatalf("decode nested: %s %s", errs, out)
	}

	// mutate: the payload order stays, the signature no longer matches
	// until --resign.
	_, tok, _ := runCLI(t, "", "sign", "--key", p("rs.pem"), "--claims", `{"z":1,"sub":"a","exp":4000000000}`)
	tok = strings.TrimSpace(tok)
	code, edited, errs := runCLI(t, "", "mutate", "--set", "sub=b", "--shift", "exp=-1h", tok)
	if code != 0 || !strings.Contains(errs, "not re-signed") {
		t.Fatalf("mutate: %d %s", code, errs)
	}
	parts, _ := mint.Split(edited)
	if got := string(parts.Claims.Bytes()); got != `{"z":1,"sub":"b","exp":3999996400}` {
		t.Fatalf("mutated claims %s", got)
	}
	if code, _, _ := runCLI(t, "", "decode", "--verify", "--key", p("rs.jwks"), strings.TrimSpace(edited)); code != 1 {
		t.Fatal("edited token still verifies")
	}
	code, resigned, _ := runCLI(t, "", "mutate", "--set", "sub=b", "--resign", "--key", p("rs.pem"), tok)
	if code != 0 {
		t.Fatal("mutate --resign")
	}
	if code, _, errs := runCLI(t, "", "decode", "--verify", "--key", p("rs.jwks"), strings.TrimSpace(resigned)); code != 0 {
		t.Fatalf("resigned token: %s", errs)
	}
	if code, _, _ := runCLI(t, "", "mutate", "--resign", tok); code != 2 {
		t.Fatal("--resign without --key accepted")
	}

	// One preset: token on stdout, its note on stderr.
	code, none, errs := runCLI(t, "", "mutate", "--attack", "alg-none", tok)
	if code != 0 || !strings.HasSuffix(strings.TrimSpace(none), ".") || !strings.Contains(errs, "alg-none (fails: alg)") {
		t.Fatalf("--attack alg-none: %s", errs)
	}
	// The whole set.
	att := p("attacks")
	if code, out, errs := runCLI(t, "", "mutate", "--attack", "all", "--key", p("rs.pem"), "--out", att, tok); code != 0 {
		t.Fatalf("--attack all: %s %s", errs, out)
	}
	index, err := os.ReadFile(filepath.Join(att, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range mint.Attacks {
		b, err := os.ReadFile(filepath.Join(att, a.Name+".jwt"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(index), "| "+a.Name+".jwt |") {
			t.Errorf("index misses %s", a.Name)
		}
		if a.Name == "wrong-iss" || a.Name == "missing-exp" || a.Name == "missing-sub" || a.Name == "wrong-aud" {
			continue // need --kind id, --client-id and --expect-iss (see the mint tests)
		}
		if code, _, _ := runCLI(t, string(b), "decode", "--verify", "--key", p("rs.jwks"), "-"); code != 1 {
			t.Errorf("%s verifies", a.Name)
		}
	}
	// Without the private key the claim presets are not made, and it says so.
	if code, _, errs := runCLI(t, "", "mutate", "--attack", "all", "--out", p("att2"), tok); code != 1 || !strings.Contains(errs, "need --key") {
		t.Fatalf("--attack all without key: %d %s", code, errs)
	}
}
