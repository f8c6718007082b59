package ui

import (
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

func TestPresetResolvesItsTemplateInTheForm(t *testing.T) {
	h := newHarness(t, nil)
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	pf := f.preset
	pf.choice.SetSelected("Keycloak")
	if f.issuer.Text != "" || pf.status.Visible() {
		t.Fatalf("before its placeholders: issuer %q, status %q (nothing typed yet)", f.issuer.Text, pf.status.Text)
	}
	if !pf.quirks.Visible() || !strings.Contains(pf.quirks.Text, "HS512") {
		t.Errorf("quirks %q; want Keycloak's HMAC refresh tokens explained", pf.quirks.Text)
	}
	pf.values["host"].SetText("https://sso.example.com") // a URL where a host is asked
	if f.issuer.Text != "" || pf.status.Importance != widget.WarningImportance || !strings.Contains(pf.status.Text, "plain name") {
		t.Errorf("URL as host: issuer %q, status %q", f.issuer.Text, pf.status.Text)
	}
	pf.values["host"].SetText("sso.example.com")
	pf.values["realm"].SetText("qa")
	if f.issuer.Text != "https://sso.example.com/realms/qa" || f.name.Text != "keycloak" {
		t.Fatalf("issuer %q name %q; want the template filled in", f.issuer.Text, f.name.Text)
	}
	if !strings.Contains(pf.status.Text, "Filled from the Keycloak template") {
		t.Errorf("status %q", pf.status.Text)
	}
	f.clientID.SetText("qa-cli")
	f.clientAuth.SetSelected(string(auth.AuthNone)) // a public client
	h.u.saveProfile(f, auth.Profile{})
	h.settle()
	cfg, err := config.LoadConfig(h.cfg.Path())
	if err != nil {
		t.Fatal(err)
	}
	p, ok := cfg.Find("keycloak")
	if !ok || p.Preset != "keycloak" || !strings.Contains(p.Description, "HS512") || p.Issuer != "https://sso.example.com/realms/qa" {
		t.Fatalf("saved profile %+v", p)
	}
	// Editing it shows its preset and quirks, fields untouched.
	h.u.openProfileForm(p, "Edit profile")
	g := h.u.profileFormOpen
	if g.preset.choice.Selected != "Keycloak" || g.issuer.Text != p.Issuer || !g.preset.quirks.Visible() {
		t.Errorf("edit form: preset %q issuer %q", g.preset.choice.Selected, g.issuer.Text)
	}
}

func TestEveryPresetFillsTheForm(t *testing.T) {
	h := newHarness(t, nil)
	values := map[string]string{"host": "id.example.com", "realm": "qa", "tenant": "contoso.onmicrosoft.com", "domain": "dev-1.okta.com"}
	for _, pr := range config.Presets() {
		h.u.onNewProfile()
		f := h.u.profileFormOpen
		f.preset.choice.SetSelected(pr.Name)
		for k, e := range f.preset.values {
			e.SetText(values[k])
		}
		want, err := pr.Resolve("", values)
		if err != nil {
			t.Fatalf("%s: %v", pr.ID, err)
		}
		if f.issuer.Text != want.Issuer || f.tokenURL.Text != want.TokenURL || f.scopes.Text != strings.Join(want.Scopes, " ") {
			t.Errorf("%s: issuer %q token URL %q scopes %q; want %q %q", pr.ID, f.issuer.Text, f.tokenURL.Text, f.scopes.Text, want.Issuer, want.TokenURL)
		}
		if f.preset.status.Importance != widget.SuccessImportance {
			t.Errorf("%s: status %q", pr.ID, f.preset.status.Text)
		}
	}
	// Decathlon's global host is one of them.
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	f.preset.choice.SetSelected("Decathlon (global)")
	if !strings.HasPrefix(f.tokenURL.Text, "https://api-global.decathlon.net/") {
		t.Errorf("Decathlon global token URL %q", f.tokenURL.Text)
	}
	// Back to none: the preset is no longer saved with the profile.
	f.preset.choice.SetSelected(noPreset)
	var p auth.Profile
	f.preset.apply(&p)
	if p.Preset != "" || p.Description != "" {
		t.Errorf("after None: preset %q", p.Preset)
	}
}
