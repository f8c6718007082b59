package cli

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// A refresh whose new ID token names another user than the previous one
// (given with --id-token) fails the continuity check of OpenID Connect Core
// §12.2: refresh exits 4, still prints the answer with the failing check,
// and names it in one stderr line.
func TestCLIRefreshRefusedAnswerExits4WithJSON(t *testing.T) {
	flags := standaloneDemo(t, demoidp.Options{})
	var dev grantJSON
	runJSON(t, &dev, "", append([]string{"login", "--grant", "device_code"}, flags...)...)
	parts := strings.Split(dev.IDToken, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	claims["sub"] = "someone-else" // the previous ID token as another user's
	b, _ := json.Marshal(claims)
	previous := parts[0] + "." + base64.RawURLEncoding.EncodeToString(b) + "." + parts[2]

	code, out, errs := runCLI(t, "", append([]string{"refresh", "--refresh-token", dev.RefreshToken, "--id-token", previous}, flags...)...)
	if code != 4 {
		t.Fatalf("exit %d; want 4\nstderr: %s", code, errs)
	}
	var got struct {
		IDToken string `json:"id_token"`
		ID      struct {
			Checks []struct{ Name, Status, Reason string } `json:"checks"`
		} `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.IDToken == "" {
		t.Fatalf("stdout is not the decoded answer (%v):\n%s", err, out)
	}
	failedSub := false
	for _, c := range got.ID.Checks {
		failedSub = failedSub || (c.Name == "refresh sub" && c.Status == "fail" && c.Reason != "")
	}
	if !failedSub {
		t.Errorf("the refresh sub check is not marked fail with a reason: %+v", got.ID.Checks)
	}
	if n := strings.Count(errs, "\n"); n != 1 || !strings.Contains(errs, `tokeninspector refresh: refused: the "refresh sub" check failed`) {
		t.Errorf("stderr is not one line naming the check: %q", errs)
	}
}
