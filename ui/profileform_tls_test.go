package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
	"github.com/tokeninspector/tokeninspector/internal/testenv"
)

// The profile form shows the client certificate's subject, issuer and
// expiry, warns before it expires and when it cannot be used, and saves
// the certificate fields and the tls_client_auth methods.
func TestProfileFormClientCertificate(t *testing.T) {
	h := newHarness(t, nil)
	now := h.clock.Now()
	good := testenv.SelfSignedCert(t, "ui-client", now.Add(-time.Hour), now.Add(365*24*time.Hour))
	soon := testenv.SelfSignedCert(t, "ui-client", now.Add(-time.Hour), now.Add(10*24*time.Hour))
	gone := testenv.SelfSignedCert(t, "ui-client", now.Add(-48*time.Hour), now.Add(-24*time.Hour))
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	if !strings.Contains(f.tls.info.Text, "no certificate") {
		t.Errorf("no certificate yet: %q", f.tls.info.Text)
	}
	f.name.SetText("bank")
	f.issuer.SetText("https://bank.example")
	f.clientID.SetText("bank-app")
	f.clientAuth.SetSelected(string(auth.AuthSelfSignedTLS))
	f.tls.cert.SetText(good.CertFile)
	f.tls.key.SetText(soon.KeyFile) // not the certificate's key
	if w := f.tls.warning.Text; !strings.Contains(w, "cannot use it") {
		t.Errorf("a key of another certificate: warning %q", w)
	}
	f.tls.key.SetText(good.KeyFile)
	info := f.tls.info.Text
	for _, want := range []string{"subject CN=ui-client,O=Token Inspector tests", "self-signed", good.Cert.NotAfter.UTC().Format(time.DateTime), auth.CertThumbprint(good.Cert.Raw)} {
		if !strings.Contains(info, want) {
			t.Errorf("certificate info %q lacks %q", info, want)
		}
	}
	if f.tls.warning.Text != "" {
		t.Errorf("a certificate valid for a year: warning %q", f.tls.warning.Text)
	}
	f.tls.cert.SetText(soon.CertFile)
	f.tls.key.SetText(soon.KeyFile)
	if w := f.tls.warning.Text; !strings.Contains(w, "expires in 10 days") {
		t.Errorf("a certificate expiring in 10 days: warning %q", w)
	}
	f.tls.cert.SetText(gone.CertFile)
	f.tls.key.SetText(gone.KeyFile)
	if w := f.tls.warning.Text; !strings.Contains(w, "expired on") {
		t.Errorf("an expired certificate: warning %q", w)
	}
	f.tls.cert.SetText(good.CertFile)
	f.tls.key.SetText(good.KeyFile)
	h.u.saveProfile(f, auth.Profile{})
	h.settle()
	p := h.u.current().Profile
	if p.TLSCert != good.CertFile || p.TLSKey != good.KeyFile || p.ClientAuth != auth.AuthSelfSignedTLS {
		t.Fatalf("saved tls_cert %q, tls_key %q, client_auth %q", p.TLSCert, p.TLSKey, p.ClientAuth)
	}
	h.u.onEditProfile()
	if f := h.u.profileFormOpen; f.tls.cert.Text != good.CertFile || !strings.Contains(f.tls.info.Text, "CN=ui-client") {
		t.Errorf("edit form: cert %q, info %q", f.tls.cert.Text, f.tls.info.Text)
	}
}

// The jwt_bearer grant is selectable, and its assertion fields are saved
// (claims must be a JSON object).
func TestProfileFormJWTBearerGrant(t *testing.T) {
	h := newHarness(t, nil)
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	f.name.SetText("svc")
	f.issuer.SetText("https://idp.example")
	f.clientID.SetText("svc-app")
	f.clientAuth.SetSelected(string(auth.AuthNone))
	f.grants.grant.SetSelected(string(auth.GrantJWTBearer))
	f.jwtBearer.key.SetText("/keys/sa.json")
	f.jwtBearer.issuer.SetText("robot@example")
	f.jwtBearer.subject.SetText("user-42")
	f.jwtBearer.audience.SetText("https://idp.example/token")
	f.jwtBearer.claims.SetText(`["not", "an object"]`)
	if _, err := f.profile(auth.SecretTyped); err == nil || !strings.Contains(err.Error(), "JSON object") {
		t.Errorf("claims that are not an object: %v", err)
	}
	f.jwtBearer.claims.SetText(`{"scope": "api"}`)
	h.u.saveProfile(f, auth.Profile{})
	h.settle()
	p := h.u.current().Profile
	if p.Grant != auth.GrantJWTBearer || p.AssertionKey != "/keys/sa.json" || p.AssertionIssuer != "robot@example" ||
		p.AssertionSubject != "user-42" || p.AssertionAud != "https://idp.example/token" || p.AssertionClaims != `{"scope": "api"}` {
		t.Fatalf("saved %+v", p.GrantOptions)
	}
	h.u.onEditProfile()
	if f := h.u.profileFormOpen; f.grants.grant.Selected != string(auth.GrantJWTBearer) || f.jwtBearer.subject.Text != "user-42" {
		t.Errorf("edit form: grant %q, subject %q", f.grants.grant.Selected, f.jwtBearer.subject.Text)
	}
	// a jwt_bearer grant without a key or an assertion is refused
	f = h.u.profileFormOpen
	f.jwtBearer.key.SetText("")
	if _, err := f.profile(auth.SecretTyped); err == nil || !strings.Contains(err.Error(), "assertion key") {
		t.Errorf("no assertion key: %v", err)
	}
}

// The Response view shows the JWT bearer grant's assertion decoded and the
// client certificate the tokens were requested with.
func TestResponseViewAssertionAndCertificate(t *testing.T) {
	v := newResponseView()
	a := jose.UnverifiedDecode(josetest.Segments(`{"alg":"EdDSA","kid":"k1"}`, `{"iss":"https://issuer.example","sub":"batch-job","aud":"https://idp/token","jti":"j1"}`) + ".c2ln")
	v.set(&auth.TokenSet{TokenType: "Bearer", GrantAssertion: &a, CertThumbprint: "abc"})
	if g := v.grantJWT.Text; !strings.Contains(g, "EdDSA · kid k1 · iss https://issuer.example") || !strings.Contains(g, "sub batch-job") {
		t.Errorf("assertion %q", g)
	}
	if c := v.cert.Text; !strings.Contains(c, "x5t#S256 abc") {
		t.Errorf("certificate %q", c)
	}
	v.set(&auth.TokenSet{TokenType: "Bearer"})
	if v.grantJWT.Text != "none (another grant)" || v.cert.Text != "none presented" {
		t.Errorf("without: %q, %q", v.grantJWT.Text, v.cert.Text)
	}
}
