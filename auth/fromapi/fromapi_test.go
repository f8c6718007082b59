package fromapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	"github.com/tokeninspector/tokeninspector/auth/discovery"
	"github.com/tokeninspector/tokeninspector/auth/fromapi"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
)

// demo serves an auto-approving demo provider with its protected resources.
func demo(t *testing.T) (*demoidptest.Handler, string) {
	t.Helper()
	idp, err := demoidp.New(demoidp.Options{AutoApprove: true, KeyBits: 1024})
	if err != nil {
		t.Fatal(err)
	}
	h := demoidptest.Wrap(idp.Handler())
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	idp.SetIssuer(ts.URL)
	return h, ts.URL
}

func env() fromapi.Env { return fromapi.Env{HTTP: &http.Client{Timeout: 5 * time.Second}} }

// browser follows the authorization URL's redirects to the loopback
// listener, as a browser that signs in at once.
func browser(t *testing.T) oidc.Opener {
	return func(u string) error {
		go func() {
			resp, err := http.Get(u)
			if err != nil {
				t.Logf("browser: %v", err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
		return nil
	}
}

// call asks the API with the token set's access token.
func call(t *testing.T, url string, ts *auth.TokenSet) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	h, err := ts.RequestHeaders(http.MethodGet, url, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	req.Header = h
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func TestFullChainFromOneURL(t *testing.T) {
	_, issuer := demo(t)
	api := issuer + "/api/orders"
	var steps []string
	e := env()
	e.OnStep = func(s fromapi.Step) { steps = append(steps, s.Name) }
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	res, err := fromapi.Discover(ctx, e, fromapi.Request{URL: api})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(steps, fromapi.Steps) {
		t.Errorf("steps %v, want %v", steps, fromapi.Steps)
	}
	p := res.Profile
	switch {
	case res.Challenge.Params["resource_metadata"] != issuer+"/.well-known/oauth-protected-resource/api/orders":
		t.Errorf("challenge %+v", res.Challenge)
	case res.MetadataURL != res.Challenge.Params["resource_metadata"]:
		t.Errorf("metadata from %s, not the challenge's URL", res.MetadataURL)
	case p.Issuer != issuer || !slices.Equal(p.Resources, []string{api}):
		t.Errorf("profile issuer %q resources %v", p.Issuer, p.Resources)
	case !slices.Equal(p.Scopes, []string{"orders.read"}):
		t.Errorf("scopes %v, want the challenge's", p.Scopes)
	case res.Registration == nil || !strings.HasPrefix(p.ClientID, "dyn-") || p.ClientAuth != auth.AuthNone:
		t.Errorf("registration %+v, client %q %q", res.Registration, p.ClientID, p.ClientAuth)
	case p.Name != "demo-orders-api":
		t.Errorf("name %q", p.Name)
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("the profile made does not validate: %v", err)
	}

	pr, err := oidc.NewProvider(ctx, p, oidc.Env{HTTP: e.HTTP, Open: browser(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	ts, err := pr.Login(ctx, oidc.LoginOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if aud, _ := ts.Access.Claim("aud"); aud.Raw == nil || string(aud.Raw) != `"`+api+`"` {
		t.Errorf("access token aud %s, want %s", aud.Raw, api)
	}
	if c, ok := check.ValidateTokens(pr.Profile(), pr.Endpoints(), ts, nil, time.Now()).Access.Check("resource"); !ok || c.Status != check.CheckPass {
		t.Errorf("the access token's resource check %+v (present %v); want pass", c, ok)
	}
	ts2, err := pr.RefreshSet(ctx, ts)
	if err != nil {
		t.Fatal(err)
	}
	if aud, _ := ts2.Access.Claim("aud"); string(aud.Raw) != `"`+api+`"` {
		t.Errorf("refreshed access token aud %s, want %s", aud.Raw, api)
	}
	if status, body := call(t, api, ts2); status != http.StatusOK || body["resource"] != api {
		t.Fatalf("calling the API: %d %v", status, body)
	}
	// The other API refuses a token for this one.
	if status, body := call(t, issuer+"/api/inventory", ts2); status != http.StatusUnauthorized || body["error"] != "invalid_token" {
		t.Fatalf("calling another API with it: %d %v", status, body)
	}
}

func TestChainWithClientIDAndServerChosen(t *testing.T) {
	_, issuer := demo(t)
	base := auth.Profile{Name: "mine", Client: auth.Client{ClientID: demoidp.PublicClientID, ClientAuth: auth.AuthNone}, GrantOptions: auth.GrantOptions{Scopes: []string{"openid"}}}
	res, err := fromapi.Discover(context.Background(), env(), fromapi.Request{URL: issuer + "/api/inventory", AuthorizationServer: issuer + "/", Base: base})
	if err != nil {
		t.Fatal(err)
	}
	if res.Registration != nil || res.Profile.ClientID != demoidp.PublicClientID || res.Profile.Name != "mine" || !slices.Equal(res.Profile.Scopes, []string{"openid"}) {
		t.Errorf("profile %+v registration %+v", res.Profile, res.Registration)
	}
	_, err = fromapi.Discover(context.Background(), env(), fromapi.Request{URL: issuer + "/api/inventory", AuthorizationServer: "https://other.example", Base: base})
	if se := new(fromapi.StepError); !errors.As(err, &se) || se.Step != fromapi.StepAuthorizationServer || !strings.Contains(err.Error(), "not one of the API's authorization servers") {
		t.Errorf("an authorization server the API does not list: %v", err)
	}
}

func TestChainFailuresAreNamed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		faults demoidptest.Faults
		step   string
		is     error
		says   string
	}{
		{"no challenge and no metadata", demoidptest.Faults{NoChallenge: true, NoResourceMetadata: true}, fromapi.StepResourceMetadata, fromapi.ErrNoChallenge, "no challenge"},
		{"no metadata", demoidptest.Faults{NoResourceMetadata: true}, fromapi.StepResourceMetadata, fromapi.ErrNoMetadata, "no protected resource metadata"},
		{"resource does not match", demoidptest.Faults{ResourceMetadataResource: "https://elsewhere.example/api"}, fromapi.StepResourceMetadata, nil, `is about "https://elsewhere.example/api"`},
		{"no registration endpoint", demoidptest.Faults{NoRegistration: true}, fromapi.StepRegistration, fromapi.ErrNoRegistration, "no registration endpoint and no client id"},
		{"registration refused", demoidptest.Faults{RefuseRegistration: "invalid_client_metadata"}, fromapi.StepRegistration, nil, "client registration refused (HTTP 400, invalid_client_metadata)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, issuer := demo(t)
			h.SetFaults(tc.faults)
			res, err := fromapi.Discover(context.Background(), env(), fromapi.Request{URL: issuer + "/api/orders"})
			se := new(fromapi.StepError)
			if !errors.As(err, &se) || se.Step != tc.step {
				t.Fatalf("err = %v, want a failure at %s", err, tc.step)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("err = %v, want %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.says) {
				t.Errorf("err = %q, want it to say %q", err, tc.says)
			}
			if last := res.Steps[len(res.Steps)-1]; last.Err == nil || last.Name != tc.step {
				t.Errorf("last step %+v, want the failure", last)
			}
		})
	}
	t.Run("mismatch is typed", func(t *testing.T) {
		h, issuer := demo(t)
		h.SetFaults(demoidptest.Faults{ResourceMetadataResource: issuer + "/api/inventory"})
		_, err := fromapi.Discover(context.Background(), env(), fromapi.Request{URL: issuer + "/api/orders"})
		var me *discovery.ResourceMismatchError
		if !errors.As(err, &me) || me.Want != issuer+"/api/orders" {
			t.Errorf("err = %v, want a ResourceMismatchError", err)
		}
		var re *oidc.RegistrationError
		if errors.As(err, &re) {
			t.Error("a mismatch read as a registration refusal")
		}
	})
	t.Run("challenge missing, metadata at the well-known location", func(t *testing.T) {
		h, issuer := demo(t)
		h.SetFaults(demoidptest.Faults{NoChallenge: true})
		res, err := fromapi.Discover(context.Background(), env(), fromapi.Request{URL: issuer + "/api/orders"})
		if err != nil {
			t.Fatal(err)
		}
		if res.MetadataURL != issuer+"/.well-known/oauth-protected-resource/api/orders" || !strings.Contains(res.Steps[0].Detail, "no challenge") {
			t.Errorf("metadata %s, first step %+v", res.MetadataURL, res.Steps[0])
		}
		if !slices.Equal(res.Profile.Scopes, []string{"orders.read"}) {
			t.Errorf("scopes %v, want the metadata's scopes_supported", res.Profile.Scopes)
		}
	})
	t.Run("not a URL", func(t *testing.T) {
		_, err := fromapi.Discover(context.Background(), env(), fromapi.Request{URL: "api.example/orders"})
		if se := new(fromapi.StepError); !errors.As(err, &se) || !strings.Contains(err.Error(), "not an absolute http(s) URL") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestResourceMetadataURLs(t *testing.T) {
	for in, want := range map[string][]string{
		"https://api.example":            {"https://api.example/.well-known/oauth-protected-resource"},
		"https://api.example/":           {"https://api.example/.well-known/oauth-protected-resource"},
		"https://api.example/mcp":        {"https://api.example/.well-known/oauth-protected-resource/mcp", "https://api.example/.well-known/oauth-protected-resource"},
		"https://api.example/v1/tools?x": {"https://api.example/.well-known/oauth-protected-resource/v1/tools?x", "https://api.example/.well-known/oauth-protected-resource"},
	} {
		if got := discovery.ResourceMetadataURLs(in); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"HTTPS://API.Example:443/mcp#x": "https://api.example/mcp",
		"http://127.0.0.1:80/a":         "http://127.0.0.1/a",
		"https://api.example":           "https://api.example",
	} {
		if got, err := discovery.ResourceIdentifier(in); err != nil || got != want {
			t.Errorf("ResourceIdentifier(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
}
