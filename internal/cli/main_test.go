package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/internal/version"
)

// TestMain doubles as a browser: when the test binary runs as "xdg-open"
// (pkg/browser's choice on Linux), it loads the URL, presses the demo
// provider's Sign in button, and follows the redirect to the loopback listener.
func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == "xdg-open" {
		if err := fakeBrowse(os.Args[1]); err != nil {
			os.Stderr.WriteString("fake browser: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var requestField = regexp.MustCompile(`name="request" value="([^"]+)"`)

// redirectLogEnv names a file the fake browser appends each redirect to.
const redirectLogEnv = "TOKENINSPECTOR_TEST_REDIRECT_LOG"

func fakeBrowse(u string) error {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	if log := os.Getenv(redirectLogEnv); log != "" {
		// The redirects followed (the loopback one carries the code),
		// for tests that search a trace for it.
		c.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
			f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.WriteString(req.URL.String() + "\n")
			return err
		}
	}
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := requestField.FindSubmatch(body)
	if m == nil {
		return nil // auto-approved: the redirect already reached the listener
	}
	base, _ := url.Parse(u)
	base.Path, base.RawQuery = "/authorize/decision", ""
	resp, err = c.PostForm(base.String(), url.Values{"request": {string(m[1])}, "decision": {"approve"}})
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// withFakeBrowser puts the test binary on PATH as xdg-open.
func withFakeBrowser(t *testing.T) {
	dir := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(dir, "xdg-open")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// testVersion is what --version prints in these tests, as the main package
// passes it.
var testVersion = version.String()

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code = run(ctx, args, stdio{in: strings.NewReader(stdin), out: &out, err: &errb}, testVersion)
	return code, out.String(), errb.String()
}

type setJSON struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	IDToken      string `json:"id_token"`
	RefreshKept  bool   `json:"refresh_kept"`
	Access       struct {
		Format    string          `json:"format"`
		Claims    json.RawMessage `json:"claims"`
		Signature struct{ Status string }
		Checks    []struct{ Name, Status string }
	} `json:"access"`
	Links []struct {
		Claim string
		OK    bool
	}
}

func TestCLILoginRefreshDecode(t *testing.T) {
	withFakeBrowser(t)
	cfg := filepath.Join(t.TempDir(), "config.json")
	code, out, errs := runCLI(t, "", "login", "--profile", "demo", "--config", cfg)
	if code != 0 {
		t.Fatalf("login exit %d: %s", code, errs)
	}
	var login setJSON
	if err := json.Unmarshal([]byte(out), &login); err != nil {
		t.Fatalf("login output is not JSON: %v\n%s", err, out)
	}
	if login.Access.Format != "jwt" || login.Access.Signature.Status != "verified" || login.IDToken == "" || login.RefreshToken == "" {
		t.Fatalf("login output = %+v", login)
	}
	var compact bytes.Buffer
	json.Compact(&compact, login.Access.Claims)
	if !strings.HasPrefix(compact.String(), `{"sub":`) {
		t.Errorf("claims not in token order: %.60s", compact.String())
	}
	if !strings.Contains(errs, "/authorize?") {
		t.Errorf("stderr does not show the login URL: %q", errs)
	}

	// decode: argument, stdin, opaque, empty.
	code, out, _ = runCLI(t, "", "decode", login.AccessToken)
	if code != 0 || !strings.Contains(out, `"format": "jwt"`) || !strings.Contains(out, `"expires_in_seconds"`) {
		t.Errorf("decode arg: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "Bearer "+login.IDToken+"\n", "decode", "-")
	if code != 0 || !strings.Contains(out, `"nonce"`) {
		t.Errorf("decode stdin: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "decode", "2YotnFZFEjr1zCsicMWpAA")
	if code != 0 || !strings.Contains(out, `"format": "opaque"`) || !strings.Contains(out, `"length": 22`) {
		t.Errorf("decode opaque: exit %d\n%s", code, out)
	}
	if code, _, _ = runCLI(t, "", "decode", "-"); code != 1 {
		t.Errorf("decode of nothing: exit %d; want 1", code)
	}

	// The token set carries each token's checks.
	if len(login.Access.Checks) == 0 {
		t.Errorf("login output has no checks for the access token")
	}
	for _, c := range login.Access.Checks {
		if c.Status == "fail" {
			t.Errorf("demo access token fails check %s", c.Name)
		}
	}
}

func TestCLIRefreshAgainstStandaloneDemoIDP(t *testing.T) {
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
	defer func() {
		cancel()
		go io.Copy(io.Discard, pr)
		<-done
	}()
	withFakeBrowser(t)
	flags := []string{"--issuer", info["issuer"], "--client-id", info["client_id"], "--scope", "openid profile", "--config", filepath.Join(t.TempDir(), "c.json")}
	t.Setenv("TOKENINSPECTOR_CLIENT_SECRET", info["client_secret"])
	code, out, errs := runCLI(t, "", append([]string{"login"}, flags...)...)
	if code != 0 {
		t.Fatalf("login exit %d: %s", code, errs)
	}
	var first setJSON
	json.Unmarshal([]byte(out), &first)

	// A pasted ID token is verified with the keys of its own iss
	// (discovery of the running demo provider).
	code, out, errs = runCLI(t, "", "decode", "--verify", "--client-id", info["client_id"], first.IDToken)
	if code != 0 || !strings.Contains(out, `"status": "verified"`) || !strings.Contains(out, `"keys_from"`) {
		t.Errorf("decode --verify of the ID token: exit %d, stderr %q\n%s", code, errs, out)
	}
	code, _, errs = runCLI(t, "", "decode", "--verify", "--client-id", "someone-else", first.IDToken)
	if code != 1 || !strings.Contains(errs, "aud (") {
		t.Errorf("decode --verify with another client id: exit %d, stderr %q; want 1 naming aud", code, errs)
	}
	code, out, errs = runCLI(t, "", "decode", "--verify", "--client-id", info["client_id"], "--access-token", first.AccessToken, "--nonce", "not-the-one", first.IDToken)
	if code != 1 || !strings.Contains(errs, "nonce (") || strings.Contains(errs, "at_hash (") || !strings.Contains(out, "matches the access token") {
		t.Errorf("decode --verify --nonce wrong --access-token: exit %d, stderr %q\n%s", code, errs, out)
	}
	if code, _, _ = runCLI(t, "", "decode", "--verify", "--kind", "bogus", first.IDToken); code != 2 {
		t.Errorf("--kind bogus: exit %d; want 2", code)
	}

	code, out, errs = runCLI(t, first.RefreshToken+"\n", append([]string{"refresh", "--refresh-token", "-"}, flags...)...)
	if code != 0 {
		t.Fatalf("refresh exit %d: %s", code, errs)
	}
	var second setJSON
	json.Unmarshal([]byte(out), &second)
	if second.AccessToken == first.AccessToken || second.RefreshToken == first.RefreshToken || second.RefreshKept {
		t.Error("refresh did not rotate the tokens")
	}
	// The old refresh token is spent: reuse fails with the provider's error and a hint.
	code, _, errs = runCLI(t, "", append([]string{"refresh", "--refresh-token", first.RefreshToken}, flags...)...)
	if code != 1 || !strings.Contains(errs, "invalid_grant") || !strings.Contains(errs, "log in again") {
		t.Errorf("reuse: exit %d, stderr %q", code, errs)
	}
	if strings.Contains(errs, first.RefreshToken) {
		t.Error("the error message shows the refresh token")
	}
}

func TestCLIUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"refresh", "--config", "/nonexistent/x.json"}, {"login", "--nope"}, {"decode", "a", "b"}} {
		if code, _, _ := runCLI(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d; want 2", args, code)
		}
	}
	if code, _, errs := runCLI(t, "", "login", "--profile", "nope", "--config", filepath.Join(t.TempDir(), "c.json")); code != 1 || !strings.Contains(errs, `no profile "nope"`) {
		t.Errorf("unknown profile: %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, "", "login", "--profile", "decathlon-eu", "--config", filepath.Join(t.TempDir(), "c.json")); code != 1 || !strings.Contains(errs, "client_id") {
		t.Errorf("decathlon without client id: %d %q", code, errs)
	}
	if code, out, _ := runCLI(t, "", "--version"); code != 0 || !strings.HasPrefix(out, "Token Inspector ") {
		t.Errorf("--version: %d %q", code, out)
	}
}

// A config file that is not valid JSON, or has fields the app does not
// know, is reported with its place on stderr; the command still runs with
// the built-in profiles and the file is left alone.
func TestCLIBrokenConfigIsReportedNotFatal(t *testing.T) {
	withFakeBrowser(t)
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.json")
	const body = "{\"profiles\": [\n  {\"name\": \"x\""
	os.WriteFile(broken, []byte(body), 0o600)
	code, out, errs := runCLI(t, "", "login", "--profile", "demo", "--config", broken)
	if code != 0 || !strings.Contains(out, `"access_token"`) {
		t.Fatalf("login with a broken config: exit %d\n%s", code, errs)
	}
	if !strings.Contains(errs, broken+":2:15") || !strings.Contains(errs, "built-in profiles") {
		t.Errorf("stderr does not name the file and place: %q", errs)
	}
	if b, _ := os.ReadFile(broken); string(b) != body {
		t.Error("the broken config file was rewritten")
	}

	unknown := filepath.Join(dir, "unknown.json")
	os.WriteFile(unknown, []byte(`{"theme": "dark", "profiles": []}`), 0o600)
	code, _, errs = runCLI(t, "", "login", "--profile", "demo", "--config", unknown)
	if code != 0 || !strings.Contains(errs, unknown+`:1:2: unknown field "theme"`) {
		t.Errorf("unknown field: exit %d, stderr %q", code, errs)
	}
}
