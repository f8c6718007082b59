package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// saveDemoProfile saves a demo-provider profile, changed by edit, and selects it.
func (h *harness) saveDemoProfile(name string, edit func(*auth.Profile)) {
	h.t.Helper()
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin = name, false
	edit(&p)
	if _, err := h.ws.SaveProfile("", p); err != nil {
		h.t.Fatal(err)
	}
	h.settle()
	h.u.bar.profileSelect.SetSelected(name)
	h.settle()
}

// The device panel: the user code, the URI, a QR code, the code's
// countdown; Cancel ends the login and removes the panel.
func TestDevicePanelShowsCodeQRAndCountdownAndCancels(t *testing.T) {
	h := newHarness(t, nil)
	h.saveDemoProfile("tv", func(p *auth.Profile) { p.Grant = auth.GrantDeviceCode })
	test.Tap(h.u.bar.login)
	deadline := time.Now().Add(10 * time.Second)
	for h.u.device.shown == nil {
		if time.Now().After(deadline) {
			t.Fatalf("no device panel; status %q", statusOf(h.u))
		}
		h.thread.run()
		time.Sleep(time.Millisecond)
	}
	d := h.u.device
	if !d.root.Visible() || d.code.Text == "" || d.code.Text != d.shown.UserCode || !strings.HasPrefix(d.uri.Text, "http") {
		t.Fatalf("panel: code %q uri %q visible %v", d.code.Text, d.uri.Text, d.root.Visible())
	}
	if d.qr.Resource == nil || len(d.qr.Resource.Content()) < 100 {
		t.Error("no QR code image")
	}
	if !strings.HasPrefix(d.countdown.Text, "The code expires in 10:00") && !strings.HasPrefix(d.countdown.Text, "The code expires in 9:5") {
		t.Errorf("countdown %q", d.countdown.Text)
	}
	h.u.Tick(h.clock.Now().Add(4 * time.Minute))
	if !strings.Contains(d.countdown.Text, "6:00") {
		t.Errorf("countdown after 4 minutes %q", d.countdown.Text)
	}
	test.Tap(h.u.status.cancel)
	deadline = time.Now().Add(10 * time.Second)
	for h.u.current().State == workspace.LoggingIn {
		if time.Now().After(deadline) {
			t.Fatal("Cancel did not end the device login")
		}
		h.thread.run()
		time.Sleep(time.Millisecond)
	}
	h.settle()
	if d.root.Visible() || !strings.Contains(statusOf(h.u), "cancelled") {
		t.Errorf("after Cancel: panel visible %v, status %q", d.root.Visible(), statusOf(h.u))
	}
}

func TestDeviceLoginCompletesInTheWindow(t *testing.T) {
	h := newHarness(t, nil)
	h.saveDemoProfile("tv", func(p *auth.Profile) { p.Grant = auth.GrantDeviceCode })
	test.Tap(h.u.bar.login)
	deadline := time.Now().Add(10 * time.Second)
	for h.u.tokens() == nil {
		if time.Now().After(deadline) {
			t.Fatalf("device login did not finish; status %q", statusOf(h.u))
		}
		h.clock.Advance(5 * time.Second) // the polling interval, on the workspace's clock
		h.thread.run()
		time.Sleep(time.Millisecond)
	}
	h.settle()
	if h.u.device.root.Visible() || !strings.Contains(statusOf(h.u), "Logged in") {
		t.Errorf("after approval: panel visible %v, status %q", h.u.device.root.Visible(), statusOf(h.u))
	}
}

func TestProviderActions(t *testing.T) {
	h := newHarness(t, nil)
	ts := h.login()
	h.u.onUserinfo()
	h.settle()
	v := h.u.views
	userinfo, exchanged := v.answer(workspace.OpUserinfo), v.answer(workspace.OpExchange)
	if v.tabs.Selected() != userinfo.nav || userinfo.view.decoded.Subject == "" {
		t.Fatalf("userinfo view: subject %q; status %q", userinfo.view.decoded.Subject, statusOf(h.u))
	}
	h.u.onIntrospect(workspace.AccessToken)
	h.settle()
	if !strings.Contains(v.access.server.Text, "introspection: active") {
		t.Errorf("access token's server note %q", v.access.server.Text)
	}
	h.u.onExchangeForm()
	f := h.u.exchangeOpen
	f.audience.SetText("downstream")
	h.u.onExchange(f)
	h.settle()
	if v.tabs.Selected() != exchanged.nav || exchanged.view.decoded.Raw == "" || !strings.Contains(exchanged.view.heading.Text, "urn:ietf:params:oauth:token-type") {
		t.Errorf("exchanged view: heading %q; status %q", exchanged.view.heading.Text, statusOf(h.u))
	}
	if h.u.tokens() != ts {
		t.Error("the exchange replaced the session")
	}
	h.u.onRevoke(workspace.RefreshToken)
	h.settle()
	if !strings.Contains(v.refreshTok.server.Text, "revoked") || !strings.Contains(v.refreshTok.server.Text, "inactive") {
		t.Errorf("refresh token's server note after revoke %q", v.refreshTok.server.Text)
	}
	h.u.onLogout()
	h.settle()
	if h.u.tokens() != nil || !strings.Contains(statusOf(h.u), "Logged out") {
		t.Errorf("after logout: tokens %v, status %q", h.u.tokens() != nil, statusOf(h.u))
	}
}

func TestProfileFormGrantFields(t *testing.T) {
	h := newHarness(t, nil)
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	f.name.SetText("m2m")
	f.issuer.SetText("https://login.acme.test")
	f.clientID.SetText("svc")
	f.secret.SetText("s3cret")
	f.grants.grant.SetSelected(string(auth.GrantClientCredentials))
	f.grants.audience.SetText("https://api.acme.test")
	if !f.grants.dpopAlg.Disabled() {
		t.Error("the DPoP algorithm is enabled without DPoP")
	}
	f.grants.dpop.SetChecked(true)
	f.grants.dpopAlg.SetSelected("EdDSA")
	f.grants.par.SetSelected(parOn)
	h.u.saveProfile(f, auth.Profile{})
	h.settle()
	p := h.u.current().Profile
	if p.Grant != auth.GrantClientCredentials || p.Audience != "https://api.acme.test" || !p.DPoP || p.DPoPAlg != "EdDSA" || p.PAR != auth.PAROn {
		t.Fatalf("saved profile %+v", p)
	}
	h.u.onEditProfile()
	if g := h.u.profileFormOpen.grants; g.grant.Selected != string(auth.GrantClientCredentials) || !g.dpop.Checked || g.dpopAlg.Selected != "EdDSA" || g.dpopAlg.Disabled() {
		t.Error("the form does not show the saved grant fields")
	}
}

// A client_secret_jwt client with DPoP: the Response view shows the client
// assertion decoded, and Copy as curl carries a fresh DPoP proof.
func TestClientAssertionAndDPoPCurl(t *testing.T) {
	h := newHarness(t, nil)
	h.saveDemoProfile("jwt", func(p *auth.Profile) {
		p.ClientID, p.ClientSecret, p.SecretSource = demoidp.SecretJWTClientID, demoidp.SecretJWTClientSecret, auth.SecretFromConfig
		p.ClientAuth, p.DPoP = auth.AuthSecretJWT, true
	})
	ts := h.login()
	if !strings.EqualFold(ts.TokenType, "dpop") {
		t.Fatalf("token_type %q; want DPoP", ts.TokenType)
	}
	if got := h.u.views.response.assertion.Text; !strings.HasPrefix(got, "HS256") || !strings.Contains(got, "iss "+demoidp.SecretJWTClientID) {
		t.Errorf("client assertion = %q", got)
	}
	h.u.onCopyCurl()
	if c := h.clipboard(); !strings.Contains(c, "'Authorization: DPoP "+ts.AccessToken+"'") || !strings.Contains(c, "-H 'DPoP: ey") {
		t.Errorf("curl = %.120q", c)
	}
}

// What the provider's metadata and JWKS checks found is shown: the test
// provider signs with a 1024-bit RSA key, which is flagged weak.
func TestProviderNotesShowAWeakKey(t *testing.T) {
	h := newHarness(t, nil)
	h.login()
	if got := h.u.views.response.notes.Text; !strings.Contains(strings.ToLower(got), "weak") || !strings.Contains(got, "1024") {
		t.Errorf("provider notes = %q; want the 1024-bit key flagged weak", got)
	}
}
