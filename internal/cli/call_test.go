package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// startDemoIDP runs `tokeninspector demo-idp --auto-approve` until the
// test ends and returns what it printed (issuer, api, client_id, …).
func startDemoIDP(t *testing.T) map[string]string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"demo-idp", "--auto-approve"}, stdio{out: pw, err: io.Discard}, testVersion)
		pw.Close()
	}()
	var info map[string]string
	if err := json.NewDecoder(pr).Decode(&info); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		go io.Copy(io.Discard, pr)
		<-done
	})
	return info
}

// callOut is what call prints.
type callOut struct {
	Request struct {
		Authorization string `json:"authorization"`
	} `json:"request"`
	Status    int             `json:"status"`
	Body      json.RawMessage `json:"body"`
	Challenge *struct {
		Error, Scope, Fix, Explanation string
	} `json:"challenge"`
}

// TestCLISessionTraceHoldsNoSecret runs a whole session against the demo
// provider with --trace on every step (login, refresh, userinfo,
// introspect, call, revoke), then searches each HAR file for every
// secret the session saw: the client secret, the authorization code, each
// access, refresh and ID token; and checks that every parameter that
// carries a secret (the code verifier among them) is redacted.
func TestCLISessionTraceHoldsNoSecret(t *testing.T) {
	info := startDemoIDP(t)
	withFakeBrowser(t)
	dir := t.TempDir()
	redirects := filepath.Join(dir, "redirects.txt")
	t.Setenv(redirectLogEnv, redirects)
	t.Setenv("TOKENINSPECTOR_CLIENT_SECRET", info["client_secret"])
	cfg := filepath.Join(dir, "config.json")
	profile := `{"profiles":[{"name":"api","issuer":"` + info["issuer"] + `","client_id":"` + info["client_id"] +
		`","client_auth":"client_secret_post","scopes":["openid","profile"],"auth_params":{"resource":"` + info["api"] + `"}}]}`
	if err := os.WriteFile(cfg, []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	flags := []string{"--profile", "api", "--config", cfg}
	har := func(step string) string { return filepath.Join(dir, step+".har") }
	step := func(name, stdin string, args ...string) string {
		t.Helper()
		args = append(append(args, flags...), "--trace", har(name))
		code, out, errs := runCLI(t, stdin, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, errs)
		}
		return out
	}
	var first, second setJSON
	json.Unmarshal([]byte(step("login", "", "login")), &first)
	json.Unmarshal([]byte(step("refresh", first.RefreshToken+"\n", "refresh", "--refresh-token", "-")), &second)
	step("userinfo", "", "userinfo", "--access-token", second.AccessToken)
	step("introspect", "", "introspect", "--token", second.AccessToken)
	var called callOut
	json.Unmarshal([]byte(step("call", "", "call", info["api"], "--access-token", second.AccessToken)), &called)
	if called.Status != 200 || called.Request.Authorization != "Bearer" || !strings.Contains(string(called.Body), "your token is for this resource") {
		t.Fatalf("call of the API with its token: %+v", called)
	}
	step("revoke", "", "revoke", "--token", second.RefreshToken)
	// decode --verify fetches the issuer's metadata and keys.
	if code, _, errs := runCLI(t, "", "decode", "--verify", "--trace", har("decode"), first.IDToken); code != 0 {
		t.Fatalf("decode --verify: exit %d: %s", code, errs)
	}

	codes := redirectCodes(t, redirects)
	secrets := map[string]string{"client secret": info["client_secret"]}
	for i, c := range codes {
		secrets["code "+string(rune('1'+i))] = c
	}
	for name, set := range map[string]setJSON{"login": first, "refresh": second} {
		secrets[name+" access token"], secrets[name+" refresh token"], secrets[name+" ID token"] = set.AccessToken, set.RefreshToken, set.IDToken
	}
	if len(codes) == 0 || first.AccessToken == "" || second.RefreshToken == "" || first.IDToken == "" {
		t.Fatalf("the session saw no code or tokens: codes %v, %+v", codes, first)
	}
	for _, name := range []string{"login", "refresh", "userinfo", "introspect", "call", "revoke", "decode"} {
		b, err := os.ReadFile(har(name))
		if err != nil {
			t.Fatalf("%s: no trace: %v", name, err)
		}
		if err := trace.ValidateHAR(b); err != nil {
			t.Errorf("%s: not HAR 1.2: %v", name, err)
		}
		for what, secret := range secrets {
			if strings.Contains(string(b), secret) {
				t.Errorf("%s.har holds the %s", name, what)
			}
		}
		checkRedactedParams(t, name, b)
	}
	login := string(mustRead(t, har("login")))
	for _, want := range []string{"/.well-known/openid-configuration", `"_kind": "browser"`, `"_kind": "callback"`, "/token", "code_verifier", "<redacted: jwt, sha256 #"} {
		if !strings.Contains(login, want) {
			t.Errorf("login.har has no %q", want)
		}
	}
	if decode := string(mustRead(t, har("decode"))); !strings.Contains(decode, "/.well-known/openid-configuration") || !strings.Contains(decode, "jwks") {
		t.Errorf("decode.har lacks the metadata or the keys:\n%.2000s", decode)
	}
	if call := string(mustRead(t, har("call"))); !strings.Contains(call, "Bearer <redacted: jwt, sha256 #") {
		t.Errorf("call.har does not show the Authorization header redacted:\n%s", call)
	}
}

// TestCLICallRefusesTokenForAnotherResource: the demo API accepts only
// access tokens whose aud names it; without a token its challenge says
// what it wants.
func TestCLICallRefusesTokenForAnotherResource(t *testing.T) {
	info := startDemoIDP(t)
	withFakeBrowser(t)
	cfg := filepath.Join(t.TempDir(), "config.json")
	flags := []string{"--issuer", info["issuer"], "--client-id", info["client_id"], "--client-secret", info["client_secret"], "--config", cfg}
	code, out, errs := runCLI(t, "", append([]string{"login"}, flags...)...)
	if code != 0 {
		t.Fatalf("login: exit %d: %s", code, errs)
	}
	var set setJSON
	json.Unmarshal([]byte(out), &set)
	other := strings.Replace(info["api"], "/orders", "/inventory", 1)
	for _, target := range []string{info["api"], other} {
		code, out, errs = runCLI(t, "", "call", target, "--access-token", set.AccessToken)
		var got callOut
		if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
			t.Fatalf("call: exit %d (%v): %s", code, err, errs)
		}
		if got.Status != 401 || got.Challenge == nil || got.Challenge.Error != "invalid_token" || got.Challenge.Fix != "refresh" ||
			!strings.Contains(got.Challenge.Explanation, "another resource") {
			t.Errorf("a token for no resource at %s: %s", target, out)
		}
	}
	code, out, _ = runCLI(t, "", "call", "--config", cfg, "--profile", "nothing-remembered-here", info["api"])
	if code != 1 {
		// an unknown profile is an error, not a call
		t.Errorf("unknown profile: exit %d: %s", code, out)
	}
	code, out, _ = runCLI(t, "", "call", info["api"], "--method", "POST", "--header", "X-Test: 1", "--data", `{"a":1}`, "--access-token", "not-a-token")
	var got callOut
	json.Unmarshal([]byte(out), &got)
	if code != 0 || got.Status != 401 || got.Challenge == nil || got.Challenge.Error != "invalid_token" {
		t.Errorf("a garbage token: exit %d: %s", code, out)
	}
	if code, _, errs = runCLI(t, "", "call", "http://127.0.0.1:1/", "--access-token", "x"); code != 1 || errs == "" {
		t.Errorf("no answer: exit %d, stderr %q; want 1", code, errs)
	}
	if code, _, _ = runCLI(t, "", "call", "--access-token", "x"); code != 2 {
		t.Errorf("no URL: exit %d; want 2", code)
	}
	if code, _, _ = runCLI(t, "", "call", info["api"], "--header", "no colon", "--access-token", "x"); code != 2 {
		t.Errorf("bad --header: exit %d; want 2", code)
	}
}

// TestCLICallRemembersAndRefreshesFirst: with --profile the remembered
// session's token is sent, refreshed first when it would expire within
// --min-valid; with nothing remembered the request goes without a token
// and the answer shows the resource's challenge and what it asks for.
func TestCLICallRemembersAndRefreshesFirst(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{AccessTTL: 20 * time.Second})
	api := e.iss + demoidp.APIPaths()[0]
	cfg := map[string]any{"profiles": []map[string]any{{
		"name": "qa", "issuer": e.iss, "client_id": demoidp.DemoClientID, "client_secret": demoidp.DemoClientSecret,
		"scopes": []string{"openid", "profile"}, "auth_params": map[string]string{"resource": api},
	}}}
	b, _ := json.Marshal(cfg)
	if err := os.WriteFile(e.cfg, b, 0o600); err != nil {
		t.Fatal(err)
	}
	flags := []string{"--profile", "qa", "--config", e.cfg}
	call := func(args ...string) (callOut, string) {
		t.Helper()
		code, out, errs := runCLI(t, "", append(append([]string{"call", api}, flags...), args...)...)
		var got callOut
		if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
			t.Fatalf("call: exit %d (%v): %s", code, err, errs)
		}
		return got, out
	}
	got, out := call()
	if got.Status != 401 || got.Request.Authorization != "none" || got.Challenge == nil || got.Challenge.Scope != "orders.read" ||
		got.Challenge.Fix != "login" || !strings.Contains(out, "login --profile qa --remember") {
		t.Fatalf("nothing remembered: %s", out)
	}
	if code, _, errs := runCLI(t, "", append([]string{"login", "--remember"}, flags...)...); code != 0 {
		t.Fatalf("login --remember: exit %d: %s", code, errs)
	}
	got, out = call("--min-valid", "1s")
	if got.Status != 200 || got.Request.Authorization != "Bearer" || strings.Contains(out, "refreshed first") {
		t.Fatalf("remembered token: %s", out)
	}
	got, out = call("--min-valid", "1m") // longer than the token lives: refreshed first
	if got.Status != 200 || !strings.Contains(out, "refreshed first") {
		t.Fatalf("stale token: %s", out)
	}
}

// redirectCodes are the code parameters of the redirects the fake browser followed.
func redirectCodes(t *testing.T, path string) []string {
	t.Helper()
	var codes []string
	for _, line := range strings.Fields(string(mustRead(t, path))) {
		if u, err := url.Parse(line); err == nil && u.Query().Get("code") != "" {
			codes = append(codes, u.Query().Get("code"))
		}
	}
	return codes
}

// checkRedactedParams checks every form and query parameter that carries a
// secret in a HAR file: each must be a redaction mark.
func checkRedactedParams(t *testing.T, name string, b []byte) {
	t.Helper()
	var h trace.HAR
	if err := json.Unmarshal(b, &h); err != nil {
		t.Fatal(err)
	}
	secretNames := []string{"client_secret", "code", "code_verifier", "refresh_token", "access_token", "id_token", "token", "password", "client_assertion"}
	check := func(where string, q url.Values) {
		for _, n := range secretNames {
			if v := q.Get(n); v != "" && !strings.HasPrefix(v, "<redacted") {
				t.Errorf("%s: %s in %s is %q", name, n, where, v)
			}
		}
	}
	for _, e := range h.Log.Entries {
		if u, err := url.Parse(e.Request.URL); err == nil {
			check(e.Request.URL, u.Query())
		}
		if e.Request.PostData != nil {
			q, _ := url.ParseQuery(e.Request.PostData.Text)
			check("the body of "+e.Request.URL, q)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
