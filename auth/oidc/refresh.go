package oidc

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Refresh runs the refresh_token grant now, whether or not the access token
// is still valid. When the response carries no new refresh token, the
// presented one is kept and TokenSet.RefreshKept says so.
func (pr *Provider) Refresh(ctx context.Context, refreshToken string) (*auth.TokenSet, error) {
	if refreshToken == "" {
		return nil, fmt.Errorf("refresh: there is no refresh token (the provider sent none; log in again)")
	}
	return pr.refresh(ctx, refreshToken, nil, jose.Decoded{}, nil)
}

// RefreshSet refreshes old's tokens: with old's refresh token and, for
// DPoP-bound tokens, old's DPoP key (a bound refresh token is useless with
// another one). Prefer it over Refresh wherever the token set is at hand.
func (pr *Provider) RefreshSet(ctx context.Context, old *auth.TokenSet) (*auth.TokenSet, error) {
	return pr.RefreshWith(ctx, old, nil)
}

// RefreshWith is RefreshSet asking for scopes (RFC 6749 §6: at most those
// of the grant); nil sends no scope, and the grant's scopes stay.
func (pr *Provider) RefreshWith(ctx context.Context, old *auth.TokenSet, scopes []string) (*auth.TokenSet, error) {
	if old == nil {
		return pr.Refresh(ctx, "")
	}
	key := old.DPoP
	if key == nil && pr.profile.DPoP {
		var err error
		if key, err = jose.NewDPoPKeyAlg(pr.profile.DPoPAlg); err != nil {
			return nil, fmt.Errorf("refresh: %w", err)
		}
	}
	return pr.refresh(ctx, old.RefreshToken, key, old.ID, scopes)
}

// refresh runs the refresh_token grant; a new ID token in the answer is
// compared with previous, the one it replaces (OpenID Connect Core §12.2),
// when that is known.
func (pr *Provider) refresh(ctx context.Context, refreshToken string, key *jose.DPoPKey, previous jose.Decoded, scopes []string) (*auth.TokenSet, error) {
	if refreshToken == "" {
		return nil, fmt.Errorf("refresh: there is no refresh token (the provider sent none; log in again)")
	}
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
	if len(scopes) > 0 {
		form.Set("scope", strings.Join(scopes, " "))
	}
	return pr.token(ctx, TokenRequest{
		Op:          "refresh",
		Form:        form,
		PrevRefresh: refreshToken,
		previousID:  previous,
	}, key)
}
