package oidc

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// A login and a refresh against the demo provider signing with each
// algorithm the app verifies: the ID and access tokens carry that alg,
// their signatures are checked against the published key of that kind,
// the at_hash is checked with that alg's hash (SHA-512 for EdDSA), and no
// check fails. A FAPI 2.0 profile accepts PS256, ES256 and EdDSA
// ID tokens (§5.4) and names any other.
func TestLoginWithEveryTokenSigningAlg(t *testing.T) {
	fapiOK := map[string]bool{"PS256": true, "ES256": true, "EdDSA": true}
	for _, alg := range []string{"RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"} {
		t.Run(alg, func(t *testing.T) {
			pr, ts, _ := loginDemo(t, demoidp.Options{SigningAlg: alg})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			next, err := pr.RefreshSet(ctx, ts)
			if err != nil {
				t.Fatalf("refresh: %v", err)
			}
			for step, set := range map[string]*auth.TokenSet{"login": ts, "refresh": next} {
				if set.ID.Alg != alg || set.Access.Alg != alg {
					t.Errorf("%s: ID token alg %q, access token alg %q; want %s", step, set.ID.Alg, set.Access.Alg, alg)
				}
				v := pr.ValidateSet(ctx, set)
				if c, ok := v.ID.Check("at_hash"); step == "login" && (!ok || c.Status != check.CheckPass) {
					t.Errorf("login at_hash check %+v; want pass", c)
				}
				for kind, r := range map[string]check.Report{"ID": v.ID, "access": v.Access} {
					sig := r.Signature()
					if sig == nil || sig.Status != check.SigVerified || !strings.Contains(sig.Detail, alg) {
						t.Errorf("%s %s token signature %+v; want verified with %s", step, kind, sig, alg)
					}
					if r.Failed() {
						t.Errorf("%s %s token report has failed checks: %+v", step, kind, r.Checks)
					}
				}
			}

			fp := fapiEnv(t, demoidp.Options{SigningAlg: alg, DPoPNonce: true})
			fpr := newTestProvider(t, fp, newFakeBrowser(t).Open)
			fts, err := fpr.Login(ctx, LoginOptions{})
			if err != nil {
				t.Fatalf("FAPI 2.0 login: %v", err)
			}
			c := fapiChecks(fpr.ValidateSet(ctx, fts))["fapi2 id_token alg"]
			if want := map[bool]check.CheckStatus{true: check.CheckPass, false: check.CheckFail}[fapiOK[alg]]; c.Status != want {
				t.Errorf("FAPI 2.0 id_token alg check for %s = %+v; want %s", alg, c, want)
			}
		})
	}
}
