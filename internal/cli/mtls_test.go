package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/internal/testenv"
)

// mtlsDemo starts the demo provider with its mTLS listener, registering
// the client with cert, and returns the flags that reach it (the
// listener's CA as --ca-file).
func mtlsDemo(t *testing.T, cert testenv.TestCert) []string {
	t.Helper()
	srv, err := demoidp.New(demoidp.Options{AutoApprove: true, Clients: map[string]demoidp.Client{
		"mtls-client": {TLSCertThumbprints: []string{auth.CertThumbprint(cert.Cert.Raw)}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	issuer, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	_, ca, err := srv.StartMTLS("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, ca, 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{"--issuer", issuer, "--client-id", "mtls-client", "--ca-file", caFile,
		"--config", filepath.Join(t.TempDir(), "config.json")}
}

func TestCLIMutualTLS(t *testing.T) {
	now := time.Now()
	cert := testenv.SelfSignedCert(t, "mtls-client", now.Add(-time.Hour), now.Add(24*time.Hour))
	flags := mtlsDemo(t, cert)
	with := func(args ...string) []string { return append(args, flags...) }

	var out struct {
		AccessToken string `json:"access_token"`
		Cert        struct {
			X5T string `json:"x5t#S256"`
		} `json:"tls_client_certificate"`
		Access struct {
			Checks []struct{ Name, Status, Reason string } `json:"checks"`
		} `json:"access"`
	}
	errs := runJSON(t, &out, "", with("login", "--grant", "client_credentials", "--scope", "api", "--auth-method", "self_signed_tls_client_auth",
		"--tls-cert", cert.CertFile, "--tls-key", cert.KeyFile)...)
	if !strings.Contains(errs, "tokeninspector: warning: profile ") || !strings.Contains(errs, "the client certificate expires in 23 hour(s)") {
		t.Errorf("a certificate valid for one more day, yet stderr says %q", errs)
	}
	if out.Cert.X5T != auth.CertThumbprint(cert.Cert.Raw) {
		t.Errorf("tls_client_certificate %q", out.Cert.X5T)
	}
	found := false
	for _, c := range out.Access.Checks {
		if c.Name == "cnf x5t#S256" {
			found = true
			if c.Status != "pass" {
				t.Errorf("cnf check %+v", c)
			}
		}
	}
	if !found {
		b, _ := json.Marshal(out.Access)
		t.Errorf("no cnf x5t#S256 check in %s", b)
	}

	// another certificate: invalid_client, exit 1
	other := testenv.SelfSignedCert(t, "mtls-client", now.Add(-time.Hour), now.Add(24*time.Hour))
	code, _, errs := runCLI(t, "", with("login", "--grant", "client_credentials", "--scope", "api", "--auth-method", "tls",
		"--tls-cert", other.CertFile, "--tls-key", other.KeyFile)...)
	if code == 0 || !strings.Contains(errs, "invalid_client") {
		t.Errorf("wrong certificate: exit %d, %s", code, errs)
	}
	// a key that is not the certificate's
	code, _, errs = runCLI(t, "", with("login", "--grant", "client_credentials", "--scope", "api", "--auth-method", "tls",
		"--tls-cert", cert.CertFile, "--tls-key", other.KeyFile)...)
	if code == 0 || !strings.Contains(errs, "client certificate") {
		t.Errorf("mismatched key: exit %d, %s", code, errs)
	}
}

// `login --fapi2` with a client that authenticates by its TLS certificate:
// no DPoP is forced, the tokens come back bound to the certificate, and
// the FAPI checks of client authentication and sender-constrained tokens
// pass (the demo signs RS256 here, so only the id_token alg rule fails).
func TestCLILoginFAPI2WithMTLS(t *testing.T) {
	withFakeBrowser(t)
	now := time.Now()
	cert := testenv.SelfSignedCert(t, "mtls-client", now.Add(-time.Hour), now.Add(90*24*time.Hour))
	var out struct {
		TokenType string `json:"token_type"`
		FAPI2     []struct{ Name, Status, Reason string }
	}
	runJSON(t, &out, "", append([]string{"login", "--fapi2", "--scope", "openid", "--auth-method", "self_signed_tls_client_auth",
		"--tls-cert", cert.CertFile, "--tls-key", cert.KeyFile}, mtlsDemo(t, cert)...)...)
	status := map[string]string{}
	for _, c := range out.FAPI2 {
		status[c.Name] = c.Status
	}
	if !strings.EqualFold(out.TokenType, "Bearer") || status["fapi2 client authentication"] != "pass" ||
		status["fapi2 sender-constrained tokens"] != "pass" || status["fapi2 par"] != "pass" || status["fapi2 id_token alg"] != "fail" {
		b, _ := json.Marshal(out)
		t.Errorf("%s; want certificate-bound Bearer tokens and the FAPI rules of mTLS passing", b)
	}
}
