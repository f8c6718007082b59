package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// Revoking the remembered access token with `revoke` drops it: the next
// token call refreshes; introspecting a dead token drops it too; revoking
// the refresh token ends the remembered session.
func TestCLIRevokeDropsTheRememberedToken(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	login := e.rememberLoginQA(t)
	grants := e.idp.Stats().RefreshGrants
	if code, _, errs := runCLI(t, "", "revoke", "--profile", "qa", "--config", e.cfg, "--token", login.AccessToken); code != 0 || !strings.Contains(errs, "access token was dropped") {
		t.Fatalf("revoke: exit %d, %q", code, errs)
	}
	code, out, _ := e.token(t, "--format", "raw")
	fresh := strings.TrimSpace(out)
	if code != 0 || fresh == login.AccessToken || e.idp.Stats().RefreshGrants != grants+1 {
		t.Fatalf("token after revoke: exit %d, the revoked token again: %v", code, fresh == login.AccessToken)
	}
	if !active(t, e.iss, fresh) {
		t.Error("the token printed after the revocation is not active")
	}

	// The provider revokes the fresh token behind our back; introspection says so.
	revokeAtProvider(t, e.iss, fresh)
	if code, out, _ := e.token(t, "--format", "raw"); code != 0 || strings.TrimSpace(out) != fresh {
		t.Fatal("the session changed before anything said the token was revoked")
	}
	code, out, errs := runCLI(t, "", "introspect", "--profile", "qa", "--config", e.cfg, "--token", fresh)
	if code != 0 || !strings.Contains(out, `"active": false`) || !strings.Contains(errs, "access token was dropped") {
		t.Fatalf("introspect of the revoked token: exit %d, %s, %q", code, out, errs)
	}
	if code, out, _ := e.token(t, "--format", "raw"); code != 0 || strings.TrimSpace(out) == fresh {
		t.Fatal("the token introspected inactive was handed out again")
	}

	var set setJSON
	_, out, _ = e.token(t, "--format", "json", "--include-refresh-token")
	json.Unmarshal([]byte(out), &set)
	if code, _, errs := runCLI(t, "", "revoke", "--profile", "qa", "--config", e.cfg, "--token", set.RefreshToken, "--token-type-hint", "refresh_token"); code != 0 || !strings.Contains(errs, "session was ended") {
		t.Fatalf("revoke of the refresh token: exit %d, %q", code, errs)
	}
	if code, out, _ := e.token(t); code != 3 || out != "" {
		t.Errorf("token after the refresh token was revoked: exit %d, %q; want 3 (log in)", code, out)
	}
}

// The userinfo endpoint refusing the remembered access token (401
// invalid_token) drops it too: the next token call refreshes.
func TestCLIUserinfoRefusalDropsTheRememberedToken(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	login := e.rememberLoginQA(t)
	revokeAtProvider(t, e.iss, login.AccessToken)
	code, _, errs := runCLI(t, "", "userinfo", "--profile", "qa", "--config", e.cfg, "--access-token", login.AccessToken)
	if code != 1 || !strings.Contains(errs, "invalid_token") || !strings.Contains(errs, "access token was dropped") {
		t.Fatalf("userinfo with a revoked token: exit %d, %q", code, errs)
	}
	grants := e.idp.Stats().RefreshGrants
	if code, out, _ := e.token(t, "--format", "raw"); code != 0 || strings.TrimSpace(out) == login.AccessToken || e.idp.Stats().RefreshGrants != grants+1 {
		t.Errorf("token after the refusal: exit %d, the refused token again: %v", code, strings.TrimSpace(out) == login.AccessToken)
	}
}
