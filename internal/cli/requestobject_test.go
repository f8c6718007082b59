package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// login --request-object none: the authorization request goes as an
// unsigned request object, and the login JSON shows it decoded.
func TestCLILoginRequestObject(t *testing.T) {
	withFakeBrowser(t)
	flags := standaloneDemo(t, demoidp.Options{})
	var out struct {
		AccessToken   string          `json:"access_token"`
		RequestObject json.RawMessage `json:"request_object"`
	}
	runJSON(t, &out, "", append([]string{"login", "--request-object", "none", "--scope", "openid"}, flags...)...)
	ro := string(out.RequestObject)
	if out.AccessToken == "" || !strings.Contains(ro, `"alg": "none"`) && !strings.Contains(ro, `"alg":"none"`) || !strings.Contains(ro, "redirect_uri") {
		t.Fatalf("login printed request_object %s; want the unsigned object with the request's parameters", ro)
	}
	if code, _, errs := runCLI(t, "", append([]string{"login", "--request-object", "HS256"}, flags...)...); code == 0 || !strings.Contains(errs, "request object algorithm") {
		t.Errorf("--request-object HS256: exit %d, %q; want a refusal naming the algorithms", code, errs)
	}
}
