package check

import (
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/discovery"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Each FAPI 2.0 rule fails on its own, naming its clause.
func TestFAPI2RulesFailAlone(t *testing.T) {
	const iss = "https://op.example"
	p := auth.Profile{Name: "f", Client: auth.Client{ClientID: "c", ClientKeyFile: "k"}, Expectations: auth.Expectations{SecurityProfile: auth.SecurityProfileFAPI2}}.WithSecurityProfile()
	good := func() (discovery.Resolved, *auth.TokenSet) {
		ep := discovery.Resolved{Issuer: iss, IssParameter: true, CodeChallengeMethods: []string{"S256"}}
		ep.PARURL = iss + "/par"
		ts := &auth.TokenSet{TokenType: "DPoP", DPoP: &jose.DPoPKey{}, Sent: &auth.LoginFacts{},
			ClientAssertion: &jose.Decoded{Audience: []string{iss}}}
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
