package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/keyring"
)

// The response mode field round-trips through the saved profile.
func TestProfileFormResponseMode(t *testing.T) {
	h := newHarness(t, nil)
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	f.name.SetText("fp")
	f.issuer.SetText("https://login.acme.test")
	f.clientID.SetText("app")
	f.clientAuth.SetSelected(string(auth.AuthNone))
	f.request.responseMode.SetSelected(responseModeFormPostLabel)
	h.u.saveProfile(f, auth.Profile{})
	h.settle()
	if p := h.u.current().Profile; p.ResponseMode != auth.ResponseModeFormPost {
		t.Fatalf("saved response_mode %q; want form_post", p.ResponseMode)
	}
	h.u.onEditProfile()
	if got := h.u.profileFormOpen.request.responseMode.Selected; got != responseModeFormPostLabel {
		t.Errorf("the form shows response mode %q; want form_post", got)
	}
	// FAPI 2.0 needs private_key_jwt: with authentication none the form refuses it.
	f = h.u.profileFormOpen
	f.request.fapi2.SetChecked(true)
	if _, err := f.profile(auth.SecretTyped); err == nil || !strings.Contains(err.Error(), "FAPI 2.0") {
		t.Errorf("FAPI 2.0 with authentication none: %v; want refused", err)
	}
	f.clientAuth.SetSelected(string(auth.AuthPrivateKeyJWT))
	f.grants.keyFile.SetText("/keys/client.pem")
	h.u.saveProfile(f, h.u.current().Profile)
	h.settle()
	if p := h.u.current().Profile; !p.FAPI2() {
		t.Fatalf("saved security_profile %q; want fapi2", p.SecurityProfile)
	}
}

// "Register a client" registers at the provider (RFC 7591), fills in the
// client, keeps the secret in the keyring (never in the config file) and
// shows the registration's times; the saved profile then logs in.
func TestProfileFormRegisterClient(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, store)
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	f.name.SetText("dynw")
	f.issuer.SetText(h.iss)
	f.clientAuth.SetSelected(string(auth.AuthBasic))
	test.Tap(f.register.button)
	h.settle()
	id := f.clientID.Text
	if !strings.HasPrefix(id, "dyn-") || f.secret.Text == "" {
		t.Fatalf("after Register: client %q (secret set %v); want the registered client", id, f.secret.Text != "")
	}
	if v, err := store.Get("dynw", keyring.SecretClientSecret); err != nil || v != f.secret.Text {
		t.Errorf("the keyring holds %v (%v); want the registered secret", v != "", err)
	}
	if txt := f.register.info.Text; !strings.Contains(txt, "client_id_issued_at 20") || !strings.Contains(txt, "client_secret_expires_at never") {
		t.Errorf("the form shows %q; want the issue time and the secret's expiry", txt)
	}
	h.u.saveProfile(f, auth.Profile{})
	h.settle()
	p := h.u.current().Profile
	if p.ClientID != id || p.ClientIDIssuedAt == 0 || p.SecretSource != auth.SecretFromKeyring {
		t.Fatalf("saved %+v; want the registered client, its issue time, the secret from the keyring", p.Client)
	}
	b, err := os.ReadFile(h.cfg.Path())
	if err != nil || !strings.Contains(string(b), id) {
		t.Fatalf("config file: %v; want the registered client id in it", err)
	}
	if strings.Contains(string(b), f.secret.Text) {
		t.Error("the config file holds the registered client secret")
	}
	if ts := h.login(); ts == nil || ts.AccessToken == "" {
		t.Fatal("no login with the registered client")
	}
}

// A login that sent its request as an unsigned request object (RFC 9101):
// the Response view shows the object decoded; the form shows the setting.
func TestResponseViewShowsRequestObject(t *testing.T) {
	h := newHarness(t, nil)
	h.saveDemoProfile("jar", func(p *auth.Profile) { p.RequestObject = auth.RequestObjectNone })
	h.login()
	got := h.u.views.response.reqObject.Text
	for _, want := range []string{"none (unsigned)", "redirect_uri = ", "code_challenge = ", "iss = \"" + demoidp.DemoClientID + "\""} {
		if !strings.Contains(got, want) {
			t.Errorf("request object shown as %q; want %q in it", got, want)
		}
	}
	h.u.onEditProfile()
	if sel := h.u.profileFormOpen.request.requestObject.Selected; sel != auth.RequestObjectNone {
		t.Errorf("the form shows request object %q; want none", sel)
	}
}

// A new profile's client authentication is automatic: saved unset, so the
// provider's metadata picks it (issue 21's defaults from discovery); an
// explicit choice is kept as chosen.
func TestProfileFormClientAuthAutomatic(t *testing.T) {
	h := newHarness(t, nil)
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	if f.clientAuth.Selected != clientAuthAuto {
		t.Fatalf("a new profile's client authentication is %q; want %q", f.clientAuth.Selected, clientAuthAuto)
	}
	f.name.SetText("auto")
	f.issuer.SetText("https://login.acme.test")
	f.clientID.SetText("app")
	h.u.saveProfile(f, auth.Profile{})
	h.settle()
	if p := h.u.current().Profile; p.ClientAuth != "" {
		t.Fatalf("saved client_auth %q; want it unset", p.ClientAuth)
	}
	h.u.onEditProfile()
	f = h.u.profileFormOpen
	if f.clientAuth.Selected != clientAuthAuto {
		t.Fatalf("the form shows %q for an unset client authentication", f.clientAuth.Selected)
	}
	f.clientAuth.SetSelected(string(auth.AuthBasic))
	f.secret.SetText("s3cret")
	h.u.saveProfile(f, h.u.current().Profile)
	h.settle()
	if p := h.u.current().Profile; p.ClientAuth != auth.AuthBasic {
		t.Fatalf("saved client_auth %q; want client_secret_basic", p.ClientAuth)
	}
}
