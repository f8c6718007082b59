package oidc

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Introspection is an introspection response (RFC 7662 §2.2).
type Introspection struct {
	Active    bool
	Scope     string
	ClientID  string
	Username  string
	TokenType string // the token's kind as the server says ("access_token", "refresh_token", or its own)
	Subject   string
	Issuer    string
	JTI       string
	ExpiresAt time.Time // zero when the server sent no exp
	IssuedAt  time.Time
	// Fields holds every member in the order sent; Raw is the body as received.
	Fields []auth.ResponseField
	Raw    []byte
}

// Token type hints of RFC 7009 §2.1 and RFC 7662 §2.1.
const (
	HintAccessToken  = "access_token"
	HintRefreshToken = "refresh_token"
)

// Introspect asks the provider about a token (RFC 7662), authenticated as
// the client. hint is "", HintAccessToken or HintRefreshToken.
func (pr *Provider) Introspect(ctx context.Context, token, hint string) (*Introspection, error) {
	const op = "introspection"
	if token == "" {
		return nil, fmt.Errorf("%s: no token given", op)
	}
	form := url.Values{"token": {token}}
	if hint != "" {
		form.Set("token_type_hint", hint)
	}
	a, err := pr.tokens.post(ctx, op, "the introspection endpoint", pr.endpoints.IntrospectionURL, form, nil)
	if err != nil {
		return nil, err
	}
	if !a.OK() {
		oe := errorFromAnswer(a)
		oe.Op = op
		return nil, oe
	}
	b, err := readResponseBody("application/json", a.Body) // RFC 7662 §2.2: always JSON
	if err != nil {
		return nil, fmt.Errorf("%s: unusable answer from the introspection endpoint (%s): %w", op, a.describe(), err)
	}
	in := &Introspection{
		Scope: b.optStr("scope"), ClientID: b.optStr("client_id"), Username: b.optStr("username"),
		TokenType: b.optStr("token_type"), Subject: b.optStr("sub"), Issuer: b.optStr("iss"), JTI: b.optStr("jti"),
		Fields: auth.ResponseFields(a.Body), Raw: a.Body,
	}
	if string(b.json["active"]) == "true" {
		in.Active = true
	}
	if n := b.seconds("exp"); n > 0 {
		in.ExpiresAt = time.Unix(n, 0)
	}
	if n := b.seconds("iat"); n > 0 {
		in.IssuedAt = time.Unix(n, 0)
	}
	return in, nil
}

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

// Userinfo is a UserInfo response (OpenID Connect Core §5.3.2): the claims
// as JSON members, or a signed JWT (application/jwt) decoded in JWT.
type Userinfo struct {
	Subject string
	Fields  []auth.ResponseField // the members in order (of the JWT's claims when signed)
	JWT     *jose.Decoded        // set when the provider answered with a JWT
	Raw     []byte
}

// Userinfo calls the userinfo endpoint with an access token: a Bearer
// token, or a DPoP-bound one when key is set (RFC 9449 §7.1).
func (pr *Provider) Userinfo(ctx context.Context, accessToken string, key *jose.DPoPKey) (*Userinfo, error) {
	const op = "userinfo"
	if accessToken == "" {
		return nil, fmt.Errorf("%s: no access token given", op)
	}
	a, err := pr.tokens.resource(ctx, op, "the userinfo endpoint", http.MethodGet, pr.endpoints.UserinfoURL, accessToken, key)
	if err != nil {
		return nil, err
	}
	if !a.OK() {
		return nil, resourceError(op, a)
	}
	ui := &Userinfo{Raw: a.Body}
	if a.MediaType == "application/jwt" {
		d := jose.UnverifiedDecode(string(a.Body))
		ui.JWT = &d
		ui.Subject = d.Subject
		for _, f := range d.Claims {
			ui.Fields = append(ui.Fields, auth.ResponseField{Name: f.Name, Value: f.Raw})
		}
		return ui, nil
	}
	b, err := readResponseBody("application/json", a.Body)
	if err != nil {
		return nil, fmt.Errorf("%s: unusable answer from the userinfo endpoint (%s): %w", op, a.describe(), err)
	}
	ui.Subject = b.optStr("sub")
	ui.Fields = auth.ResponseFields(a.Body)
	return ui, nil
}

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
