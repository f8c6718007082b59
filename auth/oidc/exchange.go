package oidc

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
)

// Grant type URNs beyond RFC 6749's names.
const (
	tokenExchangeGrantType = "urn:ietf:params:oauth:grant-type:token-exchange" // RFC 8693 §2.1
)

// Token type identifiers of RFC 8693 §3.
const (
	TokenTypeAccessToken  = "urn:ietf:params:oauth:token-type:access_token"
	TokenTypeRefreshToken = "urn:ietf:params:oauth:token-type:refresh_token"
	TokenTypeIDToken      = "urn:ietf:params:oauth:token-type:id_token"
	TokenTypeJWT          = "urn:ietf:params:oauth:token-type:jwt"
)

// ParseTokenType accepts an RFC 8693 token type URN or its short name
// (access_token, refresh_token, id_token, jwt); "" stays "".
func ParseTokenType(s string) (string, error) {
	switch s {
	case "", TokenTypeAccessToken, TokenTypeRefreshToken, TokenTypeIDToken, TokenTypeJWT:
		return s, nil
	case "access_token":
		return TokenTypeAccessToken, nil
	case "refresh_token":
		return TokenTypeRefreshToken, nil
	case "id_token":
		return TokenTypeIDToken, nil
	case "jwt":
		return TokenTypeJWT, nil
	}
	if strings.HasPrefix(s, "urn:") {
		return s, nil // another URN: the provider judges it
	}
	return "", fmt.Errorf("unknown token type %q (want access_token, refresh_token, id_token, jwt or a URN)", s)
}

// TokenExchangeOptions describe one token exchange request (RFC 8693 §2.1).
type TokenExchangeOptions struct {
	SubjectToken     string // required
	SubjectTokenType string // a TokenType* URN; "" means TokenTypeAccessToken
	ActorToken       string // optional
	ActorTokenType   string // required with ActorToken; "" means TokenTypeAccessToken
	Audience         string
	Resources        []string
	Scopes           []string
	// RequestedTokenType is a TokenType* URN or "" for the server's choice.
	RequestedTokenType string
}

// ExchangeToken runs the token exchange grant (RFC 8693). The response's
// issued_token_type is in TokenSet.IssuedTokenType.
func (pr *Provider) ExchangeToken(ctx context.Context, o TokenExchangeOptions) (*auth.TokenSet, error) {
	if o.SubjectToken == "" {
		return nil, fmt.Errorf("token exchange: a subject token is required")
	}
	form := url.Values{
		"grant_type":         {tokenExchangeGrantType},
		"subject_token":      {o.SubjectToken},
		"subject_token_type": {cmp.Or(o.SubjectTokenType, TokenTypeAccessToken)},
	}
	if o.ActorToken != "" {
		form.Set("actor_token", o.ActorToken)
		form.Set("actor_token_type", cmp.Or(o.ActorTokenType, TokenTypeAccessToken))
	}
	if o.RequestedTokenType != "" {
		form.Set("requested_token_type", o.RequestedTokenType)
	}
	setScopeAudience(form, o.Scopes, o.Audience, o.Resources)
	key, err := pr.sessionKey("token exchange")
	if err != nil {
		return nil, err
	}
	return pr.token(ctx, TokenRequest{Op: "token exchange", Form: form}, key)
}
