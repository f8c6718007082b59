package check

import (
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

func TestCertBinding(t *testing.T) {
	bound := jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256"}`, `{"sub":"a","cnf":{"x5t#S256":"abc"}}`) + ".c2ln")
	bearer := jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256"}`, `{"sub":"a"}`) + ".c2ln")
	opaque := jose.UnverifiedDecode("opaque-token-value")
	for _, tc := range []struct {
		name  string
		d     jose.Decoded
		thumb string
		want  CheckStatus
	}{
		{"bound to this certificate", bound, "abc", CheckPass},
		{"bound to another certificate", bound, "xyz", CheckFail},
		{"bound, no certificate", bound, "", CheckFail},
		{"bearer token with a certificate", bearer, "abc", CheckNotApplicable},
		{"no certificate at all", bearer, "", CheckNotApplicable},
		{"opaque", opaque, "abc", CheckUnknown},
	} {
		if c := CertBinding(tc.d, tc.thumb); c.Status != tc.want || c.Reason == "" || c.Name != CheckCertBinding {
			t.Errorf("%s: %+v, want %s", tc.name, c, tc.want)
		}
	}
}
