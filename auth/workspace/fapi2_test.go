package workspace

import (
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// With the FAPI 2.0 profile the window lists the FAPI checks with the
// access token's; without it there are none.
func TestChecksCarryFAPI2(t *testing.T) {
	ts := &auth.TokenSet{AccessToken: "opaque-at", TokenType: "Bearer", Access: jose.UnverifiedDecode("opaque-at"), Sent: &auth.LoginFacts{}}
	p := auth.Profile{Name: "f", Client: auth.Client{ClientID: "c", ClientKeyFile: "k.pem"}}
	for _, fapi := range []bool{false, true} {
		if fapi {
			p.SecurityProfile = auth.SecurityProfileFAPI2
		}
		s := Snapshot{Profile: p, Tokens: ts}
		c, ok := s.ChecksAt(time.Now())["opaque-at"].Check("fapi2 sender-constrained tokens")
		switch {
		case !fapi && ok:
			t.Error("FAPI checks without the FAPI profile")
		case fapi && (!ok || c.Status != check.CheckFail):
			t.Errorf("FAPI profile, bearer token: %+v; want the sender-constrained check failed", c)
		}
	}
}
