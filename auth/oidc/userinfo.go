package oidc

import (
	"context"
	"fmt"
	"net/http"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

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
