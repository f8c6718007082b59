package cli

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// writeGitConfig writes profile qa on the provider at issuer, serving git
// at hosts with user name user ("" for the default).
func writeGitConfig(t *testing.T, path, issuer, user string, hosts ...string) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"profiles": []map[string]any{{
		"name": "qa", "issuer": issuer, "client_id": demoidp.DemoClientID, "client_secret": demoidp.DemoClientSecret,
		"scopes": []string{"openid", "profile", "email"}, "git_username": user, "git_hosts": hosts,
	}}})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func (e *tokenEnv) gitCredential(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return runCLI(t, stdin, append([]string{"git-credential", "--config", e.cfg}, args...)...)
}

func TestCLIGitCredentialGet(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	writeGitConfig(t, e.cfg, e.iss, "", "git.example.test", "127.0.0.1:8443")
	login := e.rememberLoginQA(t)
	exp := jose.UnverifiedDecode(login.AccessToken).ExpiresAt.Unix()
	want := "username=oauth2\npassword=" + login.AccessToken + "\npassword_expiry_utc=" + strconv.FormatInt(exp, 10) + "\n"

	for _, tc := range []struct {
		name, in string
		args     []string
		answer   bool
	}{
		{"listed host", "protocol=https\nhost=git.example.test\npath=team/repo.git\n\n", nil, true},
		{"listed host, any case", "protocol=https\nhost=GIT.example.test\n", nil, true},
		{"listed host and port", "protocol=https\nhost=127.0.0.1:8443\n\n", nil, true},
		{"loopback over http", "protocol=http\nhost=127.0.0.1:8443\n\n", nil, true},
		{"the user name asked for", "protocol=https\nhost=git.example.test\nusername=oauth2\n\n", nil, true},
		{"another host", "protocol=https\nhost=github.com\n\n", nil, false},
		{"another user", "protocol=https\nhost=git.example.test\nusername=alice\n\n", nil, false},
		{"plain http to another machine", "protocol=http\nhost=git.example.test\n\n", nil, false},
		{"ssh", "protocol=ssh\nhost=git.example.test\n\n", nil, false},
		{"--profile serves any host", "protocol=https\nhost=github.com\n\n", []string{"--profile", "qa"}, true},
		{"--profile, still not plain http", "protocol=http\nhost=github.com\n\n", []string{"--profile", "qa"}, false},
	} {
		code, out, errs := e.gitCredential(t, tc.in, append(tc.args, "get")...)
		switch {
		case code != 0 || errs != "":
			t.Errorf("%s: exit %d, stderr %q", tc.name, code, errs)
		case tc.answer && out != want:
			t.Errorf("%s: answered %.80q; want the access token", tc.name, out)
		case !tc.answer && out != "":
			t.Errorf("%s: answered %.80q; want nothing (git asks its next helper)", tc.name, out)
		}
	}
	if code, out, _ := e.gitCredential(t, "protocol=https\nhost=git.example.test\n\n", "store"); code != 0 || out != "" {
		t.Errorf("store: exit %d, %q; want a silent no-op", code, out)
	}
	if code, _, _ := e.gitCredential(t, "", "fetch"); code != 2 {
		t.Errorf("an unknown operation: exit %d; want 2", code)
	}
	if code, _, _ := e.gitCredential(t, "not a credential line\n", "get"); code != 1 {
		t.Errorf("a malformed request: exit %d; want 1", code)
	}
}

func TestCLIGitCredentialUserNameAndLoginHint(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	writeGitConfig(t, e.cfg, e.iss, "x-access-token", "git.example.test")
	in := "protocol=https\nhost=git.example.test\n\n"
	if code, out, errs := e.gitCredential(t, in, "get"); code != 3 || out != "" || !strings.Contains(errs, "login --profile qa --remember") {
		t.Fatalf("nothing remembered: exit %d, %q, %q; want 3 and the login hint", code, out, errs)
	}
	e.rememberLoginQA(t)
	if code, out, _ := e.gitCredential(t, in, "get"); code != 0 || !strings.HasPrefix(out, "username=x-access-token\npassword=ey") {
		t.Errorf("git_username: exit %d, %.60q", code, out)
	}
}

// erase (git was refused with the token) drops the remembered access token:
// the next get refreshes. An erase of a token the session does not hold
// changes nothing.
func TestCLIGitCredentialEraseRefreshesNext(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	writeGitConfig(t, e.cfg, e.iss, "", "git.example.test")
	login := e.rememberLoginQA(t)
	in := "protocol=https\nhost=git.example.test\n"
	grants := e.idp.Stats().RefreshGrants
	if code, out, _ := e.gitCredential(t, in+"username=oauth2\npassword=some-other-token\n\n", "erase"); code != 0 || out != "" {
		t.Fatalf("erase of another token: exit %d, %q", code, out)
	}
	if _, out, _ := e.gitCredential(t, in, "get"); !strings.Contains(out, "password="+login.AccessToken+"\n") || e.idp.Stats().RefreshGrants != grants {
		t.Fatal("erasing a token the session does not hold changed the session")
	}
	if code, out, errs := e.gitCredential(t, in+"username=oauth2\npassword="+login.AccessToken+"\n\n", "erase"); code != 0 || out != "" {
		t.Fatalf("erase: exit %d, %q, %q", code, out, errs)
	}
	code, out, errs := e.gitCredential(t, in, "get")
	if code != 0 || !strings.Contains(out, "password=ey") || strings.Contains(out, login.AccessToken) || e.idp.Stats().RefreshGrants != grants+1 {
		t.Fatalf("get after erase: exit %d, %.60q, %q, %d refreshes; want a refreshed token", code, out, errs, e.idp.Stats().RefreshGrants-grants)
	}
}

// revokeAtProvider revokes tok at the provider directly, as another client would.
func revokeAtProvider(t *testing.T, issuer, tok string) {
	t.Helper()
	resp, err := http.PostForm(issuer+"/revoke", url.Values{
		"token": {tok}, "client_id": {demoidp.DemoClientID}, "client_secret": {demoidp.DemoClientSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("revocation at the provider: %s", resp.Status)
	}
}
