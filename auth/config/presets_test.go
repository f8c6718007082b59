package config

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/discovery"
)

// presetFixtures are the values each preset's fixture discovery document
// (testdata/discovery/ID.json) was written for.
var presetFixtures = map[string]map[string]string{
	"keycloak": {"host": "sso.example.com", "realm": "demo"},
	"entra":    {"tenant": "9188040d-6c67-4c5b-b112-36a304b66dad"},
	"auth0":    {"domain": "example.eu.auth0.com"},
	"okta":     {"domain": "dev-123456.okta.com"},
	"okta-org": {"domain": "dev-123456.okta.com"},
	"google":   {},
	"gitlab":   {},
}

// anyHostTo sends every request to srv, whatever its URL's host, so that
// the fixtures can keep the providers' real URLs.
type anyHostTo struct{ srv *httptest.Server }

func (a anyHostTo) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Original-Host", r.URL.Host)
	r.URL.Scheme, r.URL.Host = "http", strings.TrimPrefix(a.srv.URL, "http://")
	return http.DefaultTransport.RoundTrip(r)
}

func TestPresetsResolveTemplateAndFixtureDiscovery(t *testing.T) {
	want := []string{"keycloak", "entra", "auth0", "okta", "okta-org", "google", "gitlab", "decathlon-eu", "decathlon-global"}
	var got []string
	for _, p := range Presets() {
		got = append(got, p.ID)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("presets = %v; want %v", got, want)
	}
	for _, p := range Presets() {
		t.Run(p.ID, func(t *testing.T) {
			if p.Name == "" || p.Description == "" || len(p.Claims) == 0 {
				t.Errorf("preset lacks a name, description or claim dictionary: %+v", p)
			}
			values := presetFixtures[p.ID]
			prof, err := p.Resolve("", values)
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if prof.Name != p.ID || prof.Preset != p.ID || prof.Description != p.Description {
				t.Errorf("profile name/preset/description = %q/%q/%q", prof.Name, prof.Preset, prof.Description)
			}
			prof.ClientID, prof.ClientSecret = "client", "secret"
			if err := prof.Validate(); err != nil {
				t.Errorf("resolved profile does not validate: %v", err)
			}
			for _, s := range []string{prof.Issuer, prof.AuthURL, prof.TokenURL} {
				if strings.ContainsAny(s, "{}") {
					t.Errorf("placeholder left in %q", s)
				}
			}
			for _, ph := range p.Placeholders {
				if ph.Default != "" {
					continue
				}
				missing := map[string]string{}
				for k, v := range values {
					if k != ph.Key {
						missing[k] = v
					}
				}
				if _, err := p.Resolve("", missing); err == nil || !strings.Contains(err.Error(), ph.Label) {
					t.Errorf("Resolve without %s: err = %v; want it named", ph.Key, err)
				}
				bad := map[string]string{ph.Key: "https://x.example/path"}
				if _, err := p.Resolve("", bad); err == nil {
					t.Errorf("Resolve with a URL for %s: no error", ph.Key)
				}
			}

			doc, err := os.ReadFile(filepath.Join("testdata", "discovery", p.ID+".json"))
			if p.Template.Issuer == "" {
				// Decathlon publishes no discovery document: explicit endpoints only.
				if err == nil {
					t.Errorf("fixture discovery for a preset without an issuer")
				}
				ep, err := discovery.ResolveEndpoints(context.Background(), http.DefaultClient, prof, time.Now)
				if err != nil || ep.TokenURL != prof.TokenURL || !strings.Contains(ep.TokenURL, "decathlon.net/connect/oauth/token") {
					t.Errorf("ResolveEndpoints = %+v, %v", ep, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("fixture: %v", err)
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				wantPath := strings.TrimPrefix(prof.Issuer, "https://"+r.Header.Get("X-Original-Host"))
				if r.URL.Path != strings.TrimSuffix(wantPath, "/")+"/.well-known/openid-configuration" {
					http.NotFound(w, r)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.Write(doc)
			}))
			defer srv.Close()
			client := &http.Client{Transport: anyHostTo{srv}}
			ep, err := discovery.ResolveEndpoints(context.Background(), client, prof, time.Now)
			if err != nil {
				t.Fatalf("discovery of the fixture: %v", err)
			}
			if !strings.HasPrefix(ep.JWKSURL, "https://") || !strings.HasPrefix(ep.TokenURL, "https://") || ep.AuthURL == "" {
				t.Errorf("endpoints = %+v", ep)
			}
			if !ep.Skew.Known {
				t.Errorf("no clock skew read from the discovery response's Date header")
			}
		})
	}
}

func TestPresetOptionalPlaceholderDefaults(t *testing.T) {
	p, _ := PresetByID("gitlab")
	prof, err := p.Resolve("work", map[string]string{"host": "gitlab.example.com"})
	if err != nil || prof.Issuer != "https://gitlab.example.com" || prof.Name != "work" {
		t.Errorf("self-managed GitLab = %q, %q, %v", prof.Issuer, prof.Name, err)
	}
	p, _ = PresetByID("okta")
	prof, _ = p.Resolve("", map[string]string{"domain": "dev-1.okta.com"})
	if prof.Issuer != "https://dev-1.okta.com/oauth2/default" {
		t.Errorf("Okta default server = %q", prof.Issuer)
	}
}

func TestClaimDictionaries(t *testing.T) {
	for id, claim := range map[string]string{
		"keycloak": "realm_access", "entra": "tid", "decathlon-global": "personid", "okta": "uid",
	} {
		if ClaimsFor(id).Meaning(claim) == "" {
			t.Errorf("%s: no meaning for %s", id, claim)
		}
	}
	if ClaimsFor("keycloak").Meaning("exp") == "" || ClaimsFor("nope").Meaning("iss") == "" {
		t.Errorf("registered claims are not explained")
	}
	if ClaimsFor("keycloak").Meaning("made_up") != "" {
		t.Errorf("an unknown claim has a meaning")
	}
}
