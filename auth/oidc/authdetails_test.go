package oidc

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// sameJSON reports whether a and b hold the same JSON value.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	ja, _ := json.Marshal(va)
	jb, _ := json.Marshal(vb)
	return string(ja) == string(jb)
}

// authorization_details (RFC 9396) go out on the grants that ask for
// access without the authorization endpoint — the device authorization
// request, client credentials and JWT bearer token requests — and come
// back granted in the token response; a device login's refresh is granted
// them again. A type the provider does not know is refused with
// invalid_authorization_details on each.
func TestAuthorizationDetailsOnEveryGrant(t *testing.T) {
	const refused = `[{"type":"crypto_transfer"}]`
	edPub, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	const assertionIss = "https://trusted-issuer.example"
	_, srv := demoEnv(t, demoidp.Options{JWTBearerIssuers: []demoidp.TrustedIssuer{
		{Issuer: assertionIss, Keys: []demoidp.TrustedKey{{ID: "ed-1", Key: edPub}}},
	}})
	keyFile := writeKeyFile(t, edPriv, "ed-1", "EdDSA", true)
	grants := map[string]func(ctx context.Context, details string) (*auth.TokenSet, error){
		"client credentials": func(ctx context.Context, details string) (*auth.TokenSet, error) {
			pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) {
				p.Grant, p.Scopes, p.AuthorizationDetails = auth.GrantClientCredentials, []string{"api"}, json.RawMessage(details)
			})
			return pr.ClientCredentials(ctx, ClientCredentialsOptions{})
		},
		"device": func(ctx context.Context, details string) (*auth.TokenSet, error) {
			pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) {
				p.Grant, p.AuthorizationDetails = auth.GrantDeviceCode, json.RawMessage(details)
			})
			ts, err := pr.DeviceLogin(ctx, DeviceOptions{})
			if err != nil {
				return nil, err
			}
			next, err := pr.RefreshSet(ctx, ts)
			if err != nil {
				return nil, err
			}
			if !sameJSON(t, next.GrantedAuthorizationDetails(), ts.GrantedAuthorizationDetails()) {
				t.Errorf("device login's refresh granted %s; want the login's %s", next.GrantedAuthorizationDetails(), ts.GrantedAuthorizationDetails())
			}
			return ts, nil
		},
		"jwt bearer": func(ctx context.Context, details string) (*auth.TokenSet, error) {
			pr := newTestProvider(t, jwtBearerProfile(srv.URL, func(p *auth.Profile) {
				p.AssertionKey, p.AssertionIssuer, p.AssertionSubject = keyFile, assertionIss, "service-user"
				p.AuthorizationDetails = json.RawMessage(details)
			}), nil)
			return pr.JWTBearer(ctx, nil)
		},
	}
	for name, run := range grants {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			ts, err := run(ctx, paymentRAR)
			if err != nil {
				t.Fatalf("with authorization_details: %v", err)
			}
			if got := ts.GrantedAuthorizationDetails(); !sameJSON(t, got, []byte(paymentRAR)) {
				t.Errorf("granted authorization_details %s; want %s", got, paymentRAR)
			}
			_, err = run(ctx, refused)
			var oe *auth.OAuthError
			if !errors.As(err, &oe) || oe.Code != "invalid_authorization_details" {
				t.Errorf("unknown type: %v; want invalid_authorization_details", err)
			}
		})
	}
}
