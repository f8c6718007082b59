package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/golden/ from the current output")

// goldenCase is one command line whose whole output is checked byte for byte.
type goldenCase struct {
	name  string   // the golden file is testdata/golden/NAME.golden
	args  []string // "$JWKS" is replaced with the test JWKS server's URL
	stdin string
}

// goldenInput is where the fixed keys and tokens of the golden cases are
// (made once, committed: signatures and JWE must not change between runs).
const goldenInput = "testdata/golden-input/"

// goldenCases are deterministic command lines: no clock in their output
// (the tokens have no exp, nbf or iat: decode would print seconds left),
// no keyring, no browser. Left out because their output depends on the
// time, random ports or tokens, or the OS keyring: login, refresh,
// exchange, userinfo, introspect, revoke, logout, token and export past
// their flag checks, demo-idp (prints its random port and client secret)
// and the window (replaces the process).
func goldenCases(t *testing.T) []goldenCase {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(goldenInput, name))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(b))
	}
	sample, rs256, hs512, jwe := read("../sample.jwt"), read("rs256.jwt"), read("hs512.jwt"), read("rs256.jwe")
	const secret = "a-secret-of-at-least-thirty-two-bytes!!"
	cases := []goldenCase{
		{name: "help", args: []string{"help"}},
		{name: "no-args-help", args: []string{"--help"}},
		{name: "no-args-h", args: []string{"-h"}},
		{name: "version", args: []string{"--version"}},
		{name: "version-single-dash", args: []string{"-version"}},
		{name: "unknown-command", args: []string{"frobnicate"}},
		{name: "bad-flag", args: []string{"--nope"}},
		{name: "unexpected-argument-window-flags", args: []string{"--profile", "demo", "extra"}},
		{name: "login-bad-flag", args: []string{"login", "--nope"}},
		{name: "login-extra-argument", args: []string{"login", "extra"}},
		{name: "login-dpop-key-out-without-dpop", args: []string{"login", "--dpop-key-out", "k.json"}},
		{name: "token-bad-format", args: []string{"token", "--format", "bogus"}},
		{name: "token-bad-flag", args: []string{"token", "--nope"}},
		{name: "export-bad-format", args: []string{"export", "--format", "bogus"}},
		{name: "refresh-bad-flag", args: []string{"refresh", "--nope"}},
		{name: "decode-bad-flag", args: []string{"decode", "--nope"}},
		{name: "decode-two-tokens", args: []string{"decode", "a", "b"}},
		{name: "decode-two-key-flags", args: []string{"decode", "--key", goldenInput + "sig.pub.pem", "--secret", "x", rs256}},
		{name: "decode-bad-kind", args: []string{"decode", "--verify", "--kind", "bogus", rs256}},
		{name: "decode-sample", args: []string{"decode", sample}},
		{name: "decode-sample-stdin", args: []string{"decode", "-"}, stdin: sample + "\n"},
		{name: "decode-sample-stdin-no-arg", args: []string{"decode"}, stdin: "\n  " + sample + "  \n"},
		{name: "decode-bearer-stdin", args: []string{"decode", "-"}, stdin: "Bearer " + rs256 + "\n"},
		{name: "decode-rs256", args: []string{"decode", rs256}},
		{name: "decode-hs512", args: []string{"decode", hs512}},
		{name: "decode-opaque", args: []string{"decode", "2YotnFZFEjr1zCsicMWpAA"}},
		{name: "decode-empty-stdin", args: []string{"decode", "-"}},
		{name: "decode-malformed-three-parts", args: []string{"decode", "abc.def.ghi"}},
		{name: "decode-malformed-two-parts", args: []string{"decode", "eyJhbGciOiJub25lIn0.!!"}},
		{name: "decode-malformed-bad-json", args: []string{"decode", "eyJhbGci.eyJzdWIi.c2ln"}},
		{name: "decode-jwe-header-only", args: []string{"decode", jwe}},
		{name: "decode-verify-key", args: []string{"decode", "--verify", "--key", goldenInput + "sig.pub.pem", rs256}},
		{name: "decode-verify-key-client-id", args: []string{"decode", "--key", goldenInput + "sig.pub.pem", "--client-id", "client-1", "--kind", "access", rs256}},
		{name: "decode-verify-wrong-key", args: []string{"decode", "--key", goldenInput + "other.pub.pem", rs256}},
		{name: "decode-verify-missing-key-file", args: []string{"decode", "--key", goldenInput + "nonexistent.pem", rs256}},
		{name: "decode-verify-secret", args: []string{"decode", "--secret", secret, hs512}},
		{name: "decode-verify-wrong-secret", args: []string{"decode", "--secret", "not-the-secret-but-long-enough-anyway", hs512}},
		{name: "decode-verify-jwks", args: []string{"decode", "--jwks-url", "$JWKS", rs256}},
		{name: "decode-verify-jwks-hmac", args: []string{"decode", "--verify", "--jwks-url", "$JWKS", hs512}},
		{name: "decode-decrypt", args: []string{"decode", "--decrypt-key", goldenInput + "enc.key.pem", jwe}},
		{name: "decode-decrypt-and-verify", args: []string{"decode", "--decrypt-key", goldenInput + "enc.key.pem", "--key", goldenInput + "sig.pub.pem", jwe}},
		{name: "decode-decrypt-wrong-key", args: []string{"decode", "--decrypt-key", goldenInput + "sig.pub.pem", jwe}},
	}
	cases = append(cases,
		goldenCase{name: "help-login", args: []string{"help", "login"}},
		goldenCase{name: "help-unknown-command", args: []string{"help", "frobnicate"}},
		goldenCase{name: "decode-bad-duration", args: []string{"decode", "--timeout", "soon"}})
	for _, c := range []string{"login", "refresh", "exchange", "userinfo", "introspect", "revoke", "logout", "token", "git-credential", "export", "decode", "keygen", "sign", "mutate", "demo-idp"} {
		cases = append(cases,
			goldenCase{name: c + "-help", args: []string{c, "--help"}},
			goldenCase{name: c + "-h", args: []string{c, "-h"}})
	}
	return cases
}

// TestCLIGolden runs goldenCases through run and compares exit code, stdout
// and stderr byte for byte with testdata/golden/ (go test -run TestCLIGolden
// -update rewrites them).
func TestCLIGolden(t *testing.T) {
	jwks, err := os.ReadFile(goldenInput + "sig.jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(jwks)
	}))
	defer srv.Close()
	// No config file or keyring of the machine's user can be read.
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("TOKENINSPECTOR_CLIENT_SECRET", "")

	seen := map[string]bool{}
	for _, c := range goldenCases(t) {
		if seen[c.name] {
			t.Fatalf("two golden cases are called %s", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			args := make([]string, len(c.args))
			for i, a := range c.args {
				args[i] = strings.ReplaceAll(a, "$JWKS", srv.URL)
			}
			var out, errb bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			code := run(ctx, args, stdio{in: strings.NewReader(c.stdin), out: &out, err: &errb}, testVersion)
			unport := func(s string) string { return strings.ReplaceAll(s, srv.URL, "$JWKS") }
			got := renderGolden(c, code, unport(out.String()), unport(errb.String()))
			path := filepath.Join("testdata", "golden", c.name+".golden")
			if *updateGolden {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test -run TestCLIGolden -update writes it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s:\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
			}
		})
	}
}

// renderGolden is a golden file: the command line, then the exit code and
// both streams, each stream with its length so that every byte (a missing
// final newline too) counts.
func renderGolden(c goldenCase, code int, stdout, stderr string) []byte {
	var b bytes.Buffer
	args, _ := json.Marshal(c.args)
	stdin, _ := json.Marshal(c.stdin)
	fmt.Fprintf(&b, "args: %s\nstdin: %s\nexit: %d\n", args, stdin, code)
	fmt.Fprintf(&b, "-- stdout: %d bytes --\n%s\n", len(stdout), stdout)
	fmt.Fprintf(&b, "-- stderr: %d bytes --\n%s\n", len(stderr), stderr)
	return b.Bytes()
}
