package demoidp_test

import (
	"encoding/json"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// The sign-in page and the device page show the authorization_details the
// user approves, one object each, indented and escaped.
func TestPagesShowAuthorizationDetails(t *testing.T) {
	const details = `[{"type":"payment_initiation","creditorName":"<b>Merchant</b>","instructedAmount":{"currency":"EUR","amount":"12.00"}}]`
	want := []string{`<dt>Access details</dt>`, `&#34;type&#34;: &#34;payment_initiation&#34;`, `&#34;currency&#34;: &#34;EUR&#34;`, `&lt;b&gt;Merchant&lt;/b&gt;`}
	e := newEnv(t, demoidp.Options{})

	_, challenge := pkce()
	params := authParams(demoidp.DemoClientID, challenge)
	params.Set("authorization_details", details)
	resp := e.get("/authorize", params)
	page, _ := io.ReadAll(resp.Body)
	for _, w := range want {
		if !strings.Contains(string(page), w) {
			t.Errorf("sign-in page lacks %q", w)
		}
	}
	if strings.Contains(string(page), "<b>Merchant") {
		t.Error("sign-in page does not escape the details")
	}

	resp = e.post("/device_authorization", demoClientForm("scope", "openid", "authorization_details", details), "", "")
	var da struct {
		UserCode string `json:"user_code"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&da); err != nil || da.UserCode == "" {
		t.Fatalf("device authorization: %v", err)
	}
	resp = e.get("/device", url.Values{"user_code": {da.UserCode}})
	page, _ = io.ReadAll(resp.Body)
	for _, w := range want {
		if !strings.Contains(string(page), w) {
			t.Errorf("device page lacks %q", w)
		}
	}
}
