package cli

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/config"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// audOf is the aud claim of a JWT, read without checking it.
func audOf(t *testing.T, tok string) string {
	t.Helper()
	d := jose.UnverifiedDecode(tok)
	f, ok := d.Claim("aud")
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(f.Raw, &s) != nil {
		return string(f.Raw)
	}
	return s
}

// login --resource API-URL alone: the chain from the API to a registered
// client, the login for that resource, the profile saved; refresh and
// exchange with the saved profile send the resource too.
func TestCLILoginFromAPIURL(t *testing.T) {
	withFakeBrowser(t)
	idp, err := demoidp.New(demoidp.Options{AutoApprove: true})
	if err != nil {
		t.Fatal(err)
	}
	h := demoidptest.Wrap(idp.Handler())
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	idp.SetIssuer(ts.URL)
	api := ts.URL + "/api/orders"
	cfgPath := filepath.Join(t.TempDir(), "config.json")

	var out struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
		Registration struct {
			ClientID string `json:"client_id"`
		} `json:"registration"`
		FromAPI struct {
			Resource            string   `json:"resource"`
			ResourceMetadata    string   `json:"resource_metadata"`
			AuthorizationServer string   `json:"authorization_server"`
			Profile             string   `json:"profile"`
			Saved               bool     `json:"saved"`
			Steps               []string `json:"steps"`
		} `json:"from_api"`
	}
	har := filepath.Join(t.TempDir(), "from-api.har")
	errs := runJSON(t, &out, "", "login", "--resource", api, "--save-profile", "orders", "--config", cfgPath, "--trace", har)
	fa := out.FromAPI
	if fa.Resource != api || fa.AuthorizationServer != ts.URL || fa.Profile != "orders" || !fa.Saved || len(fa.Steps) != 4 || out.Registration.ClientID == "" {
		t.Fatalf("from_api %+v, registration %+v", fa, out.Registration)
	}
	if audOf(t, out.AccessToken) != api {
		t.Errorf("access token aud %q, want %s", audOf(t, out.AccessToken), api)
	}
	for _, want := range []string{"challenge: HTTP 401, Bearer challenge: resource_metadata=", "client registration: registered client", "Saved as profile orders"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	// --trace holds the chain: the challenge, both metadata documents, the
	// registration, then the login.
	if b, err := os.ReadFile(har); err != nil || !strings.Contains(string(b), `"url": "`+api+`"`) ||
		!strings.Contains(string(b), "/.well-known/oauth-protected-resource/api/orders") || !strings.Contains(string(b), `"url": "`+ts.URL+`/register"`) ||
		strings.Contains(string(b), out.AccessToken) {
		t.Errorf("the trace of login --resource (%v) lacks the chain or holds the token", err)
	}
	saved, _ := config.LoadConfig(cfgPath)
	p, ok := saved.Find("orders")
	if !ok || p.Issuer != ts.URL || !slices.Equal(p.Resources, []string{api}) || p.ClientID != out.Registration.ClientID || !slices.Equal(p.Scopes, []string{"orders.read"}) {
		t.Fatalf("saved profile %+v", p)
	}

	var ref struct {
		AccessToken string `json:"access_token"`
	}
	runJSON(t, &ref, out.RefreshToken, "refresh", "--profile", "orders", "--refresh-token", "-", "--config", cfgPath)
	if audOf(t, ref.AccessToken) != api {
		t.Errorf("refreshed aud %q, want %s", audOf(t, ref.AccessToken), api)
	}
	// --resource on another grant command: the flag replaces the profile's.
	inventory := ts.URL + "/api/inventory"
	var ex struct {
		AccessToken string `json:"access_token"`
	}
	runJSON(t, &ex, ref.AccessToken, "exchange", "--subject-token", "-", "--resource", inventory,
		"--issuer", ts.URL, "--client-id", demoidp.DemoClientID, "--client-secret", demoidp.DemoClientSecret)
	if audOf(t, ex.AccessToken) != inventory {
		t.Errorf("exchanged aud %q, want %s", audOf(t, ex.AccessToken), inventory)
	}

	// Failures are named, with the exit code of an error.
	h.SetFaults(demoidptest.Faults{RefuseRegistration: "invalid_client_metadata"})
	code, _, errs := runCLI(t, "", "login", "--resource", api, "--config", cfgPath)
	if code != 1 || !strings.Contains(errs, "client registration: client registration refused (HTTP 400, invalid_client_metadata)") {
		t.Errorf("refused registration: exit %d, stderr %q", code, errs)
	}
	h.SetFaults(demoidptest.Faults{ResourceMetadataResource: "https://elsewhere.example"})
	code, _, errs = runCLI(t, "", "login", "--resource", api, "--config", cfgPath)
	if code != 1 || !strings.Contains(errs, `resource metadata: the protected resource metadata at`) || !strings.Contains(errs, `is about "https://elsewhere.example"`) {
		t.Errorf("mismatched resource: exit %d, stderr %q", code, errs)
	}
	if code, _, _ := runCLI(t, "", "login", "--save-profile", "x", "--profile", "demo"); code != 2 {
		t.Errorf("--save-profile without --resource: exit %d, want 2", code)
	}
}
