package oidc

import (
	"context"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	"github.com/tokeninspector/tokeninspector/internal/testenv"
)

// mtlsDemo is the demo provider with its mTLS listener (RFC 8705) and
// the HTTP client that trusts that listener's CA.
type mtlsDemo struct {
	idp    *demoidp.Server
	h      *demoidptest.Handler
	issuer string
	mtls   string
	client *http.Client
}

// newMTLSDemo serves the demo provider over plain HTTP and over an HTTPS
// listener that requests client certificates, advertised as its
// mtls_endpoint_aliases.
func newMTLSDemo(t *testing.T, opts demoidp.Options) *mtlsDemo {
	t.Helper()
	opts.AutoApprove = true
	idp, err := demoidp.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	h := demoidptest.Wrap(idp.Handler())
	plain := httptest.NewServer(h)
	t.Cleanup(plain.Close)
	idp.SetIssuer(plain.URL)
	cfg, caPEM, err := demoidp.MTLSConfig()
	if err != nil {
		t.Fatal(err)
	}
	secure := httptest.NewUnstartedServer(h)
	secure.TLS = cfg
	secure.StartTLS()
	t.Cleanup(secure.Close)
	idp.SetMTLSBase(secure.URL)
	client, err := auth.WithRootCAs(&http.Client{Timeout: 5 * time.Second}, caPEM)
	if err != nil {
		t.Fatal(err)
	}
	return &mtlsDemo{idp: idp, h: h, issuer: plain.URL, mtls: secure.URL, client: client}
}

// provider resolves a profile of client id with certificate c.
func (d *mtlsDemo) provider(t *testing.T, id string, method auth.ClientAuth, c testenv.TestCert, edit func(*auth.Profile)) (*Provider, error) {
	t.Helper()
	p := auth.Profile{Name: "mtls", Issuer: d.issuer,
		Client:       auth.Client{ClientID: id, ClientAuth: method, TLSCert: c.CertFile, TLSKey: c.KeyFile},
		GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile"}}}
	if edit != nil {
		edit(&p)
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	pr, err := NewProvider(context.Background(), p, Env{HTTP: d.client, Open: newFakeBrowser(t).Open})
	if err == nil {
		t.Cleanup(pr.Close)
	}
	return pr, err
}

func TestMTLSSelfSignedClientRoundTrip(t *testing.T) {
	now := time.Now()
	cert := testenv.SelfSignedCert(t, "mtls-client", now.Add(-time.Hour), now.Add(24*time.Hour))
	d := newMTLSDemo(t, demoidp.Options{Clients: map[string]demoidp.Client{
		"mtls-client": {TLSCertThumbprints: []string{auth.CertThumbprint(cert.Cert.Raw)}},
	}})
	pr, err := d.provider(t, "mtls-client", auth.AuthSelfSignedTLS, cert, nil)
	if err != nil {
		t.Fatal(err)
	}
	ep := pr.Endpoints()
	for name, u := range map[string]string{"token": ep.TokenURL, "userinfo": ep.UserinfoURL, "introspection": ep.IntrospectionURL,
		"revocation": ep.RevocationURL, "par": ep.PARURL, "device": ep.DeviceAuthURL} {
		if !strings.HasPrefix(u, d.mtls) {
			t.Errorf("%s endpoint %q is not the mTLS alias on %s", name, u, d.mtls)
		}
	}
	if !strings.HasPrefix(ep.AuthURL, d.issuer) || !ep.MTLSUsed {
		t.Errorf("authorization endpoint %q (want the plain one), MTLSUsed %v", ep.AuthURL, ep.MTLSUsed)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	want := auth.CertThumbprint(cert.Cert.Raw)
	if ts.CertThumbprint != want {
		t.Errorf("CertThumbprint %q, want %q", ts.CertThumbprint, want)
	}
	v := check.ValidateTokens(pr.Profile(), ep, ts, nil, time.Now())
	if c, ok := v.Access.Check(check.CheckCertBinding); !ok || c.Status != check.CheckPass {
		t.Errorf("access token cnf check = %+v (present %v), want pass", c, ok)
	}
	// userinfo needs the certificate the token is bound to
	if _, err := pr.Userinfo(ctx, ts.AccessToken, nil); err != nil {
		t.Errorf("Userinfo with the bound certificate: %v", err)
	}
	plain := demoProfile(d.issuer)
	plainPr, err := NewProvider(ctx, plain, Env{HTTP: d.client})
	if err != nil {
		t.Fatal(err)
	}
	defer plainPr.Close()
	if _, err := plainPr.Userinfo(ctx, ts.AccessToken, nil); err == nil || !strings.Contains(err.Error(), "invalid_token") {
		t.Errorf("Userinfo without the certificate: %v, want invalid_token", err)
	}
	in, err := pr.Introspect(ctx, ts.AccessToken, "access_token")
	if err != nil || !in.Active {
		t.Errorf("Introspect over mTLS: %+v, %v", in, err)
	}
	rts, err := pr.Refresh(ctx, ts.RefreshToken)
	if err != nil || rts.CertThumbprint != want {
		t.Fatalf("Refresh over mTLS: %v (thumbprint %q)", err, rts.CertThumbprint)
	}
	if err := pr.Revoke(ctx, rts.RefreshToken, "refresh_token"); err != nil {
		t.Errorf("Revoke over mTLS: %v", err)
	}
}

func TestMTLSWrongCertificateIsInvalidClient(t *testing.T) {
	now := time.Now()
	registered := testenv.SelfSignedCert(t, "mtls-client", now.Add(-time.Hour), now.Add(24*time.Hour))
	other := testenv.SelfSignedCert(t, "mtls-client", now.Add(-time.Hour), now.Add(24*time.Hour))
	d := newMTLSDemo(t, demoidp.Options{Clients: map[string]demoidp.Client{
		"mtls-client": {TLSCertThumbprints: []string{auth.CertThumbprint(registered.Cert.Raw)}},
	}})
	pr, err := d.provider(t, "mtls-client", auth.AuthSelfSignedTLS, other, func(p *auth.Profile) { p.Grant = auth.GrantClientCredentials; p.Scopes = []string{"api"} })
	if err != nil {
		t.Fatal(err)
	}
	_, err = pr.ClientCredentials(context.Background(), ClientCredentialsOptions{})
	oe, ok := errors.AsType[*auth.OAuthError](err)
	if !ok || oe.Code != "invalid_client" {
		t.Fatalf("a certificate not registered: %v, want invalid_client", err)
	}
}

func TestMTLSTokenBoundToAnotherCertificateIsRefused(t *testing.T) {
	now := time.Now()
	cert := testenv.SelfSignedCert(t, "mtls-client", now.Add(-time.Hour), now.Add(24*time.Hour))
	keys, err := demoidptest.NewKeys(2048)
	if err != nil {
		t.Fatal(err)
	}
	d := newMTLSDemo(t, demoidp.Options{Keys: keys, Clients: map[string]demoidp.Client{
		"mtls-client": {TLSCertThumbprints: []string{auth.CertThumbprint(cert.Cert.Raw)}},
	}})
	d.h.SetFaults(demoidptest.Faults{Key: keys.Current(), AccessClaims: func(m map[string]any) {
		m["cnf"] = map[string]any{"x5t#S256": "bm90LXRoaXMtY2VydGlmaWNhdGVzLXRodW1icHJpbnQ"}
	}})
	pr, err := d.provider(t, "mtls-client", auth.AuthSelfSignedTLS, cert, func(p *auth.Profile) { p.Grant = auth.GrantClientCredentials; p.Scopes = []string{"api"} })
	if err != nil {
		t.Fatal(err)
	}
	_, err = pr.ClientCredentials(context.Background(), ClientCredentialsOptions{})
	re, ok := errors.AsType[*auth.RefusedAnswerError](err)
	if !ok || re.Check != check.CheckCertBinding || !strings.Contains(re.Reason, "another certificate") {
		t.Fatalf("a token bound to another certificate: %v, want refused by %q", err, check.CheckCertBinding)
	}
}

func TestMTLSPKIClientWithPKCS12(t *testing.T) {
	now := time.Now()
	ca := testenv.NewTestCA(t, now)
	cert := ca.Issue(t, "pki-client", now.Add(-time.Hour), now.Add(24*time.Hour))
	d := newMTLSDemo(t, demoidp.Options{ClientCAs: ca.Pool, Clients: map[string]demoidp.Client{
		"pki-client": {TLSSubjectDN: cert.Cert.Subject.String()},
	}})
	// the same key pair as a PKCS#12 file, opened with its password
	p12, err := pkcs12.Modern.Encode(cert.Key, cert.Cert, []*x509.Certificate{ca.Cert}, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	p12File := filepath.Join(t.TempDir(), "client.p12")
	if err := os.WriteFile(p12File, p12, 0o600); err != nil {
		t.Fatal(err)
	}
	asP12 := func(pw string) func(*auth.Profile) {
		return func(p *auth.Profile) {
			p.TLSCert, p.TLSKey, p.TLSPassword = p12File, "", pw
			p.Grant, p.Scopes = auth.GrantClientCredentials, []string{"api"}
		}
	}
	if _, err := d.provider(t, "pki-client", auth.AuthTLSClient, cert, asP12("wrong")); err == nil || !strings.Contains(err.Error(), "wrong password") {
		t.Fatalf("a wrong PKCS#12 password: %v", err)
	}
	pr, err := d.provider(t, "pki-client", auth.AuthTLSClient, cert, asP12("s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	ts, err := pr.ClientCredentials(context.Background(), ClientCredentialsOptions{})
	if err != nil {
		t.Fatalf("tls_client_auth with a PKCS#12 certificate: %v", err)
	}
	if ts.CertThumbprint != auth.CertThumbprint(cert.Cert.Raw) {
		t.Errorf("thumbprint %q", ts.CertThumbprint)
	}
	// a certificate of the same subject that no trusted CA issued
	forged := testenv.SelfSignedCert(t, "pki-client", now.Add(-time.Hour), now.Add(24*time.Hour))
	pr2, err := d.provider(t, "pki-client", auth.AuthTLSClient, forged, func(p *auth.Profile) { p.Grant, p.Scopes = auth.GrantClientCredentials, []string{"api"} })
	if err != nil {
		t.Fatal(err)
	}
	_, err = pr2.ClientCredentials(context.Background(), ClientCredentialsOptions{})
	if oe, ok := errors.AsType[*auth.OAuthError](err); !ok || oe.Code != "invalid_client" {
		t.Fatalf("an untrusted certificate of the right subject: %v, want invalid_client", err)
	}
}

func TestMTLSWithoutAliasesIsExplained(t *testing.T) {
	now := time.Now()
	cert := testenv.SelfSignedCert(t, "mtls-client", now.Add(-time.Hour), now.Add(24*time.Hour))
	_, srv := demoEnv(t, demoidp.Options{Clients: map[string]demoidp.Client{
		"mtls-client": {TLSCertThumbprints: []string{auth.CertThumbprint(cert.Cert.Raw)}},
	}})
	p := auth.Profile{Name: "mtls", Issuer: srv.URL, Client: auth.Client{ClientID: "mtls-client", ClientAuth: auth.AuthSelfSignedTLS, TLSCert: cert.CertFile, TLSKey: cert.KeyFile},
		GrantOptions: auth.GrantOptions{Grant: auth.GrantClientCredentials, Scopes: []string{"api"}}}
	pr, err := NewProvider(context.Background(), p, Env{HTTP: &http.Client{Timeout: 5 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	_, err = pr.ClientCredentials(context.Background(), ClientCredentialsOptions{})
	if err == nil || !strings.Contains(err.Error(), "no mTLS endpoint") {
		t.Fatalf("no mtls_endpoint_aliases: %v", err)
	}
}

func TestLoadClientCertificateErrors(t *testing.T) {
	now := time.Now()
	a := testenv.SelfSignedCert(t, "a", now.Add(-time.Hour), now.Add(time.Hour))
	b := testenv.SelfSignedCert(t, "b", now.Add(-time.Hour), now.Add(time.Hour))
	if _, err := auth.LoadClientCertificate(a.CertFile, b.KeyFile, ""); err == nil {
		t.Error("a key that is not the certificate's was accepted")
	}
	if _, err := auth.LoadClientCertificate(a.CertFile, "", ""); err == nil || !strings.Contains(err.Error(), "--tls-key") {
		t.Errorf("a certificate without its key: %v", err)
	}
	// the key after the certificate in one file
	both := filepath.Join(t.TempDir(), "both.pem")
	cb, _ := os.ReadFile(a.CertFile)
	kb, _ := os.ReadFile(a.KeyFile)
	os.WriteFile(both, append(cb, kb...), 0o600)
	c, err := auth.LoadClientCertificate(both, "", "")
	if err != nil {
		t.Fatal(err)
	}
	s := c.Summary()
	if !strings.Contains(s.Subject, "CN=a") || !s.SelfSigned || s.ExpiryWarning(now) == "" || !strings.Contains(s.ExpiryWarning(now.Add(-10*24*time.Hour)), "not valid before") {
		t.Errorf("summary %+v, warning now %q", s, s.ExpiryWarning(now))
	}
	if w := s.ExpiryWarning(now.Add(2 * time.Hour)); !strings.Contains(w, "expired") {
		t.Errorf("after expiry: %q", w)
	}
}

// A client registers its self-signed certificate (RFC 7591 with RFC 8705
// §2.2: the certificate as x5c in jwks), then authenticates with it at the
// mTLS endpoints.
func TestMTLSRegisterSelfSignedClient(t *testing.T) {
	now := time.Now()
	cert := testenv.SelfSignedCert(t, "registered", now.Add(-time.Hour), now.Add(24*time.Hour))
	d := newMTLSDemo(t, demoidp.Options{})
	p := auth.Profile{Name: "reg", Issuer: d.issuer,
		Client:       auth.Client{ClientAuth: auth.AuthSelfSignedTLS, TLSCert: cert.CertFile, TLSKey: cert.KeyFile},
		GrantOptions: auth.GrantOptions{Grant: auth.GrantClientCredentials, Scopes: []string{"api"}}}
	reg, err := Register(context.Background(), Env{HTTP: d.client}, p)
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	reg.Apply(&p)
	pr, err := NewProvider(context.Background(), p, Env{HTTP: d.client})
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	ts, err := pr.ClientCredentials(context.Background(), ClientCredentialsOptions{})
	if err != nil {
		t.Fatalf("client credentials as the registered certificate client: %v", err)
	}
	if ts.CertThumbprint != auth.CertThumbprint(cert.Cert.Raw) {
		t.Errorf("thumbprint %q", ts.CertThumbprint)
	}
	// another certificate is not the registered one
	other := testenv.SelfSignedCert(t, "registered", now.Add(-time.Hour), now.Add(24*time.Hour))
	p.TLSCert, p.TLSKey = other.CertFile, other.KeyFile
	pr2, err := NewProvider(context.Background(), p, Env{HTTP: d.client})
	if err != nil {
		t.Fatal(err)
	}
	defer pr2.Close()
	if _, err := pr2.ClientCredentials(context.Background(), ClientCredentialsOptions{}); err == nil {
		t.Error("another certificate authenticated as the registered client")
	}
}

// A FAPI 2.0 login whose client authenticates with its TLS certificate:
// no DPoP is forced, the pushed request and the token request go over the
// mTLS aliases, the tokens come back bound to the certificate, and every
// FAPI check passes (with the demo signing PS256).
func TestFAPI2LoginWithMTLS(t *testing.T) {
	now := time.Now()
	cert := testenv.SelfSignedCert(t, "fapi-mtls", now.Add(-time.Hour), now.Add(24*time.Hour))
	d := newMTLSDemo(t, demoidp.Options{SigningAlg: "PS256", Clients: map[string]demoidp.Client{
		"fapi-mtls": {TLSCertThumbprints: []string{auth.CertThumbprint(cert.Cert.Raw)}},
	}})
	pr, err := d.provider(t, "fapi-mtls", auth.AuthSelfSignedTLS, cert, func(p *auth.Profile) {
		p.SecurityProfile = auth.SecurityProfileFAPI2
	})
	if err != nil {
		t.Fatal(err)
	}
	if pr.Profile().DPoP {
		t.Errorf("DPoP forced for an mTLS FAPI client")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	v := pr.ValidateSet(ctx, ts)
	got := fapiChecks(v)
	for _, name := range []string{"fapi2 par", "fapi2 client authentication", "fapi2 sender-constrained tokens", "fapi2 id_token alg"} {
		if c := got[name]; c.Status != check.CheckPass {
			t.Errorf("%s = %+v; want pass", name, c)
		}
	}
	if failed := v.FAPI2Failed(); len(failed) != 0 {
		t.Errorf("failed FAPI checks %+v", failed)
	}
	if _, ok := got["fapi2 dpop alg"]; ok {
		t.Errorf("a DPoP alg check without DPoP: %+v", got["fapi2 dpop alg"])
	}
}
