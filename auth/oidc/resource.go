package oidc

import (
	"context"
	"fmt"
	"net/http"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Token type hints of RFC 7009 §2.1 and RFC 7662 §2.1.
const (
	HintAccessToken  = "access_token"
	HintRefreshToken = "refresh_token"
)

// resourceError reads a protected resource's refusal: the WWW-Authenticate
// challenge's error (RFC 6750 §3, RFC 9449 §7.1) or the JSON body's.
func resourceError(op string, a *endpointAnswer) *auth.OAuthError {
	oe := errorFromAnswer(a)
	oe.Op = op
	if oe.Code == "" {
		for _, c := range a.Header.Values("WWW-Authenticate") {
			if p := challengeParams(c); p["error"] != "" {
				oe.Code, oe.Description = p["error"], p["error_description"]
				break
			}
		}
	}
	return oe
}

// challengeParams reads the auth-params of the first challenge of one
// WWW-Authenticate header value (`Bearer realm="x", error="invalid_token"`).
func challengeParams(h string) map[string]string {
	if cs := auth.ParseChallenges([]string{h}); len(cs) > 0 {
		return cs[0].Params
	}
	return map[string]string{}
}

// resource calls a protected resource with an access token (Bearer, or
// DPoP with a proof bound to it when key is set).
func (c *TokenClient) resource(ctx context.Context, op, what, method, endpoint, accessToken string, key *jose.DPoPKey) (*endpointAnswer, error) {
	if endpoint == "" {
		return nil, fmt.Errorf("%s: the profile has no URL for %s", op, what)
	}
	build := func(nonce string) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, method, endpoint, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %s URL: %w", op, what, err)
		}
		req.Header.Set("Accept", "application/json")
		if key == nil {
			req.Header.Set("Authorization", "Bearer "+accessToken)
			return req, nil
		}
		proof, err := key.Proof(method, endpoint, accessToken, nonce, c.now())
		if err != nil {
			return nil, fmt.Errorf("%s: DPoP proof: %w", op, err)
		}
		req.Header.Set("Authorization", "DPoP "+accessToken)
		req.Header.Set("DPoP", proof)
		return req, nil
	}
	return c.withNonceRetry(op, what, endpoint, key, build)
}
