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

// ClientCredentialsOptions tune a client_credentials request; zero fields
// take the profile's scopes, audience and resources.
type ClientCredentialsOptions struct {
	Scopes    []string
	Audience  string
	Resources []string
}

// ClientCredentials runs the client_credentials grant (RFC 6749 §4.4): no
// browser, no refresh token expected.
func (pr *Provider) ClientCredentials(ctx context.Context, o ClientCredentialsOptions) (*auth.TokenSet, error) {
	if pr.profile.Auth() == auth.AuthNone {
		return nil, fmt.Errorf("client credentials: a public client (authentication none) cannot use this grant")
	}
	form := url.Values{"grant_type": {"client_credentials"}}
	setScopeAudience(form, orDefault(o.Scopes, pr.profile.Scopes), cmp.Or(o.Audience, pr.profile.Audience), orDefault(o.Resources, pr.profile.Resources))
	key, err := pr.sessionKey("client credentials")
	if err != nil {
		return nil, err
	}
	return pr.token(ctx, TokenRequest{Op: "client credentials", Form: form}, key)
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

// setScopeAudience adds scope, audience and resource parameters when set.
func setScopeAudience(form url.Values, scopes []string, audience string, resources []string) {
	if len(scopes) > 0 {
		form.Set("scope", strings.Join(scopes, " "))
	}
	if audience != "" {
		form.Set("audience", audience)
	}
	for _, r := range resources {
		form.Add("resource", r)
	}
}

func orDefault(v, def []string) []string {
	if len(v) > 0 {
		return v
	}
	return def
}
