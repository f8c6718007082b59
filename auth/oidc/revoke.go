package oidc

import (
	"context"
	"fmt"
	"net/url"
)

// Revoke asks the provider to revoke a token (RFC 7009). The provider
// answers 200 also for tokens it does not know; that is success.
func (pr *Provider) Revoke(ctx context.Context, token, hint string) error {
	const op = "revocation"
	if token == "" {
		return fmt.Errorf("%s: no token given", op)
	}
	form := url.Values{"token": {token}}
	if hint != "" {
		form.Set("token_type_hint", hint)
	}
	a, err := pr.tokens.post(ctx, op, "the revocation endpoint", pr.endpoints.RevocationURL, form, nil)
	if err != nil {
		return err
	}
	if !a.OK() {
		oe := errorFromAnswer(a)
		oe.Op = op
		return oe
	}
	return nil
}
