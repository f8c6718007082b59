package oidc

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
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
