package oidc

import (
	"context"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// ValidateSet checks every token of ts: its signature against the
// provider's JWKS (fetched again once for an unknown kid), then the rules
// of its kind (see ValidateTokens).
func (pr *Provider) ValidateSet(ctx context.Context, ts *auth.TokenSet) check.SetValidation {
	sigs := map[string]check.Verification{}
	for _, d := range []jose.Decoded{ts.Access, ts.Refresh, ts.ID} {
		if d.IsJWT() {
			sigs[d.Raw] = pr.verifier.Verify(ctx, d)
		}
	}
	return check.ValidateTokens(pr.profile, pr.endpoints, ts, sigs, pr.env.Now())
}
