package oidc

import (
	"context"
	"fmt"
	"net/http"
	"strings"

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

// challengeParams reads the auth-params of one WWW-Authenticate challenge
// (`Bearer realm="x", error="invalid_token"`). Quoted values may hold
// commas; backslash escapes are honoured. net/http has no parser for it.
func challengeParams(h string) map[string]string {
	out := map[string]string{}
	_, rest, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok {
		return out
	}
	for rest != "" {
		rest = strings.TrimLeft(rest, " ,")
		name, after, ok := strings.Cut(rest, "=")
		if !ok {
			break
		}
		name = strings.ToLower(strings.TrimSpace(name))
		var val strings.Builder
		if strings.HasPrefix(after, `"`) {
			i := 1
			for ; i < len(after) && after[i] != '"'; i++ {
				if after[i] == '\\' && i+1 < len(after) {
					i++
				}
				val.WriteByte(after[i])
			}
			rest = after[min(i+1, len(after)):]
		} else {
			v, r, _ := strings.Cut(after, ",")
			val.WriteString(strings.TrimSpace(v))
			rest = r
		}
		out[name] = val.String()
	}
	return out
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
