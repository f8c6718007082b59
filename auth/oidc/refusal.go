package oidc

import (
	"context"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/check"
)

// refuseFailing applies the one rule for a token response: its ID token's
// signature is checked against the discovered jwks_uri and its claims
// against the login (nonce, code) and the previous ID token (refresh), and
// a failed check a client MUST make refuses the answer with an
// *auth.RefusedAnswerError that still carries ts for display. An ID token
// kept from the login over a refresh was checked then, and is not again
// (it may well have expired since).
func (pr *Provider) refuseFailing(ctx context.Context, op string, ts *auth.TokenSet) error {
	if ts.CertThumbprint != "" {
		// RFC 8705 §3: a token bound to another certificate is useless.
		if c := check.CertBinding(ts.Access, ts.CertThumbprint); c.Status == check.CheckFail {
			return check.RefusalOf(op, ts, c)
		}
	}
	if ts.IDToken == "" || ts.IDKept {
		return nil
	}
	sigs := map[string]check.Verification{}
	if ts.ID.IsJWT() {
		sigs[ts.ID.Raw] = pr.verifier.Verify(ctx, ts.ID)
	}
	return check.Refusal(op, ts, check.ValidateTokens(pr.profile, pr.endpoints, ts, sigs, pr.env.Now()))
}
