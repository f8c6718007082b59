package check

import (
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/discovery"
	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

// Each FAPI 2.0 rule fails on its own, naming its clause.
func TestFAPI2RulesFailAlone(t *testing.T) {
	const iss = "https://op.example"
	p := auth.Profile{Name: "f", Client: auth.Client{ClientID: "c", ClientKeyFile: "k"}, Expectations: auth.Expectations{SecurityProfile: auth.SecurityProfileFAPI2}}.WithSecurityProfile()
	es256, err := jose.NewDPoPKeyAlg("ES256")
	if err != nil {
		t.Fatal(err)
	}
	es384, err := jose.NewDPoPKeyAlg("ES384")
	if err != nil {
		t.Fatal(err)
	}
	good := func() (discovery.Resolved, *auth.TokenSet) {
		ep := discovery.Resolved{Issuer: iss, IssParameter: true, CodeChallengeMethods: []string{"S256"}}
		ep.PARURL = iss + "/par"
		ts := &auth.TokenSet{TokenType: "DPoP", DPoP: es256, Sent: &auth.LoginFacts{},
			ClientAssertion: &jose.Decoded{Alg: "ES256", Audience: []string{iss}}}
		return ep, ts
	}
	for _, tc := range []struct {
		rule, clause string
		edit         func(*discovery.Resolved, *auth.TokenSet)
	}{
		{"fapi2 par", "§5.3", func(ep *discovery.Resolved, _ *auth.TokenSet) { ep.PARURL = "" }},
		{"fapi2 pkce", "§5.3", func(ep *discovery.Resolved, _ *auth.TokenSet) { ep.CodeChallengeMethods = []string{"plain"} }},
		{"fapi2 assertion aud", "§5.3", func(_ *discovery.Resolved, ts *auth.TokenSet) { ts.ClientAssertion.Audience = []string{iss + "/token"} }},
		{"fapi2 client authentication", "§5.3", func(_ *discovery.Resolved, ts *auth.TokenSet) { ts.ClientAssertion = nil }},
		{"fapi2 iss parameter", "§5.3", func(ep *discovery.Resolved, _ *auth.TokenSet) { ep.IssParameter = false }},
		{"fapi2 sender-constrained tokens", "§5.3", func(_ *discovery.Resolved, ts *auth.TokenSet) { ts.TokenType, ts.DPoP = "Bearer", nil }},
		{"fapi2 sender-constrained tokens", "§5.3", func(_ *discovery.Resolved, ts *auth.TokenSet) { ts.TokenType = "Bearer" }},
		{"fapi2 assertion alg", "§5.4", func(_ *discovery.Resolved, ts *auth.TokenSet) { ts.ClientAssertion.Alg = "RS256" }},
		{"fapi2 dpop alg", "§5.4", func(_ *discovery.Resolved, ts *auth.TokenSet) { ts.DPoP = es384 }},
		{"fapi2 id_token alg", "§5.4", func(_ *discovery.Resolved, ts *auth.TokenSet) { ts.IDToken, ts.ID = "x", jose.Decoded{Alg: "RS256"} }},
		{"fapi2 refresh rotation", "§5.3", func(_ *discovery.Resolved, ts *auth.TokenSet) {
			ts.Sent, ts.RefreshToken, ts.RefreshKept = nil, "rt", true
		}},
	} {
		ep, ts := good()
		if f := (SetValidation{FAPI2: FAPI2(p, ep, ts)}).FAPI2Failed(); len(f) != 0 {
			t.Fatalf("the good set fails %+v", f)
		}
		tc.edit(&ep, ts)
		f := SetValidation{FAPI2: FAPI2(p, ep, ts)}.FAPI2Failed()
		if len(f) != 1 || f[0].Name != tc.rule || !strings.Contains(f[0].Reason, "FAPI 2.0 Security Profile "+tc.clause) {
			t.Errorf("%s: failed %+v; want that rule alone, naming %s", tc.rule, f, tc.clause)
		}
	}
}

// A FAPI 2.0 client authenticating with its TLS certificate (RFC 8705):
// its tokens must be bound to that certificate instead of DPoP; a token
// bound to another certificate, or no certificate at all, is named.
func TestFAPI2WithMTLS(t *testing.T) {
	const iss = "https://op.example"
	p := auth.Profile{Name: "f", Issuer: iss, Client: auth.Client{ClientID: "c", ClientAuth: auth.AuthTLSClient, TLSCert: "c.pem", TLSKey: "k.pem"},
		Expectations: auth.Expectations{SecurityProfile: auth.SecurityProfileFAPI2}}.WithSecurityProfile()
	if p.DPoP {
		t.Errorf("FAPI 2.0 with tls_client_auth forces DPoP; the certificate binds the tokens")
	}
	if err := p.Validate(); err != nil {
		t.Errorf("FAPI 2.0 profile with tls_client_auth: %v", err)
	}
	ep := discovery.Resolved{Issuer: iss, IssParameter: true, CodeChallengeMethods: []string{"S256"}}
	ep.PARURL = iss + "/par"
	bound := func(x5t string) jose.Decoded {
		return jose.UnverifiedDecode(josetest.Segments(`{"alg":"PS256"}`, `{"cnf":{"x5t#S256":"`+x5t+`"}}`, "s"))
	}
	for _, tc := range []struct {
		name       string
		thumbprint string
		access     jose.Decoded
		wantFailed string
	}{
		{"bound to this certificate", "AAA", bound("AAA"), ""},
		{"bound to another certificate", "AAA", bound("BBB"), "fapi2 sender-constrained tokens"},
		{"a bearer token", "AAA", jose.UnverifiedDecode(josetest.Segments(`{"alg":"PS256"}`, `{}`, "s")), "fapi2 sender-constrained tokens"},
		{"no certificate presented", "", bound("AAA"), "fapi2 client authentication,fapi2 sender-constrained tokens"},
		{"an opaque token: unknown, not failed", "AAA", jose.UnverifiedDecode("2YotnFZFEjr1zCsicMWpAA"), ""},
	} {
		ts := &auth.TokenSet{TokenType: "Bearer", Sent: &auth.LoginFacts{}, CertThumbprint: tc.thumbprint, Access: tc.access}
		var failed []string
		for _, c := range (SetValidation{FAPI2: FAPI2(p, ep, ts)}).FAPI2Failed() {
			failed = append(failed, c.Name)
		}
		if got := strings.Join(failed, ","); got != tc.wantFailed {
			t.Errorf("%s: failed %q; want %q", tc.name, got, tc.wantFailed)
		}
	}
}
