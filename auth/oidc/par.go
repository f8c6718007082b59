package oidc

import (
	"context"
	"fmt"
	"net/url"
)

// pushAuthorizationRequest posts the authorization parameters to the
// pushed authorization request endpoint (RFC 9126 §2.1), authenticated as
// the client, and returns the request_uri.
func (pr *Provider) pushAuthorizationRequest(ctx context.Context, params url.Values) (string, error) {
	const op = "pushed authorization request"
	a, err := pr.tokens.post(ctx, op, "the pushed authorization request endpoint", pr.endpoints.PARURL, params, nil)
	if err != nil {
		return "", err
	}
	if !a.OK() {
		oe := errorFromAnswer(a)
		oe.Op = op
		return "", oe
	}
	b, err := readResponseBody("application/json", a.Body)
	if err != nil {
		return "", fmt.Errorf("%s: unusable answer (%s): %w", op, a.describe(), err)
	}
	uri := b.optStr("request_uri")
	if uri == "" {
		return "", fmt.Errorf("%s: the answer has no request_uri (%s)", op, a.describe())
	}
	return uri, nil
}
