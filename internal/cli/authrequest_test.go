package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// login with the authorization request flags: --authorization-details from
// a file and --claims inline are sent, the granted authorization_details
// and the JARM response (--response-mode query.jwt) are printed, and the
// acr and auth_time checks pass.
func TestCLILoginAuthRequestFlags(t *testing.T) {
	withFakeBrowser(t)
	flags := standaloneDemo(t, demoidp.Options{})
	rar := filepath.Join(t.TempDir(), "rar.json")
	if err := os.WriteFile(rar, []byte(`[{"type": "account_information", "actions": ["list_accounts"]}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out struct {
		AuthorizationDetails []map[string]any `json:"authorization_details"`
		AuthorizationResp    struct {
			Checks []struct{ Name, Status string } `json:"checks"`
		} `json:"authorization_response"`
		ID struct {
			Checks []struct{ Name, Status string } `json:"checks"`
		} `json:"id"`
	}
	runJSON(t, &out, "", append([]string{"login", "--scope", "openid", "--response-mode", "query.jwt", "--authorization-details", "@" + rar,
		"--claims", `{"id_token":{"acr":{"essential":true}}}`, "--max-age", "120", "--prompt", "login"}, flags...)...)
	if len(out.AuthorizationDetails) != 1 || out.AuthorizationDetails[0]["type"] != "account_information" {
		t.Errorf("authorization_details printed: %v", out.AuthorizationDetails)
	}
	if len(out.AuthorizationResp.Checks) < 4 {
		t.Errorf("authorization_response checks: %v", out.AuthorizationResp.Checks)
	}
	status := map[string]string{}
	for _, c := range out.ID.Checks {
		status[c.Name] = c.Status
	}
	if status["auth_time"] != "pass" || status["acr (essential)"] != "pass" {
		t.Errorf("ID token checks: %v", status)
	}
	for _, bad := range [][]string{
		{"--claims", "[1]"},
		{"--authorization-details", `[{"no_type":1}]`},
		{"--max-age", "soon"},
		{"--prompt", "never"},
		{"--authorization-details", "@" + filepath.Join(t.TempDir(), "missing.json")},
	} {
		code, _, errs := runCLI(t, "", append(append([]string{"login"}, bad...), flags...)...)
		if code == 0 || errs == "" || strings.Contains(errs, "panic") {
			t.Errorf("%v: exit %d, stderr %q; want a clear refusal", bad, code, errs)
		}
	}
}
