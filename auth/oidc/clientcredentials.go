package oidc

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
)

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
	pr.addAuthorizationDetails(form)
	key, err := pr.sessionKey("client credentials")
	if err != nil {
		return nil, err
	}
	return pr.token(ctx, TokenRequest{Op: "client credentials", Form: form}, key)
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
