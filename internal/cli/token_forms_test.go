package cli

import (
	"cmp"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// rememberLoginQA logs profile qa in with --remember and returns its tokens.
func (e *tokenEnv) rememberLoginQA(t *testing.T) setJSON {
	t.Helper()
	code, out, errs := runCLI(t, "", "login", "--profile", "qa", "--config", e.cfg, "--remember")
	if code != 0 {
		t.Fatalf("login --remember: exit %d: %s", code, errs)
	}
	var login setJSON
	if err := json.Unmarshal([]byte(out), &login); err != nil {
		t.Fatal(err)
	}
	return login
}

// json and env carry the access token's expiry as RFC 3339 (UTC) and as
// Unix seconds, and both name the token's exp claim.
func TestCLITokenExpiryForms(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	login := e.rememberLoginQA(t)
	exp := jose.UnverifiedDecode(login.AccessToken).ExpiresAt
	if exp.IsZero() {
		t.Fatal("the demo access token has no exp")
	}
	code, out, errs := e.token(t, "--format", "json")
	var js struct {
		ExpiresAt string `json:"expires_at"`
		ExpiresOn int64  `json:"expires_on"`
	}
	if err := json.Unmarshal([]byte(out), &js); code != 0 || err != nil {
		t.Fatalf("--format json: exit %d, %v, %s", code, err, errs)
	}
	if at, err := time.Parse(time.RFC3339, js.ExpiresAt); err != nil || !at.Equal(exp) || !strings.HasSuffix(js.ExpiresAt, "Z") {
		t.Errorf("expires_at %q; want %s in RFC 3339, UTC", js.ExpiresAt, exp.UTC().Format(time.RFC3339))
	}
	if js.ExpiresOn != exp.Unix() {
		t.Errorf("expires_on %d; want %d", js.ExpiresOn, exp.Unix())
	}
	code, out, _ = e.token(t, "--format", "env")
	want := "EXPIRES_AT=" + exp.UTC().Format(time.RFC3339) + "\nEXPIRES_ON=" + strconv.FormatInt(exp.Unix(), 10) + "\n"
	if code != 0 || !strings.HasSuffix(out, want) {
		t.Errorf("--format env: exit %d\n%s\nwant it to end with\n%s", code, out, want)
	}
}

// --check prints nothing: 3 while only a login can help, 0 when a token can
// be printed without a browser (fresh, or refreshed now and saved).
func TestCLITokenCheckExitCodes(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	if code, out, errs := e.token(t, "--check"); code != 3 || out != "" || errs != "" {
		t.Fatalf("--check, nothing remembered: exit %d, %q, %q; want 3 and silence", code, out, errs)
	}
	if code, out, errs := e.token(t, "--check", "--login"); code != 3 || out != "" || errs != "" || e.idp.Stats().AuthorizeRequests != 0 {
		t.Fatalf("--check --login: exit %d, %q, %q; want 3, no browser", code, out, errs)
	}
	login := e.rememberLoginQA(t)
	grants := e.idp.Stats().RefreshGrants
	if code, out, errs := e.token(t, "--check"); code != 0 || out != "" || errs != "" || e.idp.Stats().RefreshGrants != grants {
		t.Fatalf("--check, fresh: exit %d, %q, %q; want 0, silence, no refresh", code, out, errs)
	}
	// The demo access token lives 2 minutes: --min-valid 5m needs a refresh,
	// which --check makes (and saves) without printing it.
	if code, out, errs := e.token(t, "--check", "--min-valid", "5m"); code != 1 || out != "" || !strings.Contains(errs, "less than 5m") {
		t.Errorf("--check --min-valid 5m with 2-minute tokens: exit %d, %q, %q; want 1 naming the lifetime", code, out, errs)
	}
	if got := e.idp.Stats().RefreshGrants; got != grants+1 {
		t.Errorf("%d refreshes for --check --min-valid 5m; want 1", got-grants)
	}
	if code, out, _ := e.token(t, "--format", "raw"); code != 0 || strings.TrimSpace(out) == login.AccessToken {
		t.Error("the refresh made by --check was not remembered")
	}
	if code, _, _ := e.token(t, "--check", "--min-valid", "30s"); code != 0 {
		t.Errorf("--check after the refresh: exit %d; want 0", code)
	}
}

// execCredentialOut is the part of an ExecCredential the tests read.
type execCredentialOut struct {
	Kind       string
	APIVersion string
	Status     struct {
		Token               string
		ExpirationTimestamp string
	}
}

func execInfo(apiVersion string, interactive bool) string {
	return `{"kind":"ExecCredential","apiVersion":"` + apiVersion + `","spec":{"interactive":` + strconv.FormatBool(interactive) + `}}`
}

// --format exec-credential answers kubectl with the apiVersion it asked
// for, the ID token (or with --token-kind access the access token) and
// that token's expiry in RFC 3339, UTC.
func TestCLITokenExecCredential(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{IDTTL: 3 * time.Minute})
	login := e.rememberLoginQA(t)
	for _, tc := range []struct{ api, kind, want string }{
		{execAPIv1, "", login.IDToken},
		{execAPIv1beta1, "", login.IDToken},
		{execAPIv1, "access", login.AccessToken},
	} {
		t.Setenv(execInfoEnv, execInfo(tc.api, false))
		args := []string{"--format", "exec-credential"}
		if tc.kind != "" {
			args = append(args, "--token-kind", tc.kind)
		}
		code, out, errs := e.token(t, args...)
		var cred execCredentialOut
		if err := json.Unmarshal([]byte(out), &cred); code != 0 || err != nil {
			t.Fatalf("%s %s: exit %d, %v, %s", tc.api, tc.kind, code, err, errs)
		}
		exp := jose.UnverifiedDecode(tc.want).ExpiresAt.UTC().Format(time.RFC3339)
		if cred.Kind != "ExecCredential" || cred.APIVersion != tc.api || cred.Status.Token != tc.want || cred.Status.ExpirationTimestamp != exp {
			t.Errorf("%s %s: %+v; want the %s token expiring %s", tc.api, tc.kind, cred, cmp.Or(tc.kind, "id"), exp)
		}
	}
	t.Setenv(execInfoEnv, execInfo("client.authentication.k8s.io/v1alpha1", false))
	if code, out, errs := e.token(t, "--format", "exec-credential"); code != 1 || out != "" || !strings.Contains(errs, "v1alpha1") {
		t.Errorf("v1alpha1: exit %d, %q, %q; want 1 naming the version", code, out, errs)
	}
	if code, _, _ := e.token(t, "--format", "exec-credential", "--token-kind", "refresh"); code != 2 {
		t.Errorf("--token-kind refresh: exit %d; want 2", code)
	}
}

// An ID token that expires before --min-valid is renewed by a refresh even
// while the access token is fresh.
func TestCLITokenExecCredentialRenewsAnExpiringIDToken(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{AccessTTL: time.Hour, IDTTL: 2 * time.Minute})
	login := e.rememberLoginQA(t)
	t.Setenv(execInfoEnv, execInfo(execAPIv1, false))
	grants := e.idp.Stats().RefreshGrants
	code, out, errs := e.token(t, "--format", "exec-credential", "--min-valid", "5m")
	var cred execCredentialOut
	if err := json.Unmarshal([]byte(out), &cred); code != 0 || err != nil {
		t.Fatalf("exit %d, %v, %s", code, err, errs)
	}
	if cred.Status.Token == login.IDToken || e.idp.Stats().RefreshGrants != grants+1 {
		t.Errorf("the ID token valid for 2 minutes was handed out for --min-valid 5m (refreshes: %d)", e.idp.Stats().RefreshGrants-grants)
	}
}

// kubectl says interactive: false when nobody can answer: then nothing
// prompts, even with --login; exit 3 and the login hint.
func TestCLITokenExecCredentialNeverPromptsWhenNotInteractive(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	t.Setenv(execInfoEnv, execInfo(execAPIv1beta1, false))
	code, out, errs := e.token(t, "--format", "exec-credential", "--login")
	if code != 3 || out != "" || !strings.Contains(errs, "tokeninspector login --profile qa --remember") || e.idp.Stats().AuthorizeRequests != 0 {
		t.Fatalf("not interactive: exit %d, %q, %q, %d authorize requests; want 3, the hint, no browser", code, out, errs, e.idp.Stats().AuthorizeRequests)
	}
	t.Setenv(execInfoEnv, execInfo(execAPIv1beta1, true))
	code, out, errs = e.token(t, "--format", "exec-credential", "--login")
	var cred execCredentialOut
	if err := json.Unmarshal([]byte(out), &cred); code != 0 || err != nil || cred.Status.Token == "" || cred.APIVersion != execAPIv1beta1 {
		t.Fatalf("interactive --login: exit %d, %v, stdout %q, %s; want a login and an ExecCredential alone on stdout", code, err, out, errs)
	}
}
