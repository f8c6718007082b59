package oidc

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
)

const (
	demoMFA     = "urn:tokeninspector:demo:mfa"
	paymentRAR  = `[{"type":"payment_initiation","instructedAmount":{"currency":"EUR","amount":"12.00"},"creditorName":"Merchant A"}]`
	essentialMF = `{"id_token":{"acr":{"essential":true,"values":["` + demoMFA + `"]}}}`
)

func maxAge(n int64) *int64 { return &n }

// loginWith logs in to srv with p through the fake browser, returning the
// URL it opened too.
func loginWith(t *testing.T, p auth.Profile) (*Provider, *auth.TokenSet, url.Values, error) {
	t.Helper()
	b := newFakeBrowser(t)
	pr := newTestProvider(t, p, b.Open)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts, err := pr.Login(ctx, LoginOptions{Timeout: 8 * time.Second})
	u, _ := url.Parse(<-b.opened)
	return pr, ts, u.Query(), err
}

// reportOf validates ts as the window and the CLI do.
func reportOf(pr *Provider, ts *auth.TokenSet) check.SetValidation {
	sigs := map[string]check.Verification{ts.ID.Raw: pr.Verifier().Verify(context.Background(), ts.ID)}
	return check.ValidateTokens(pr.Profile(), pr.Endpoints(), ts, sigs, time.Now())
}

// The authorization request's own parameters go out as set — by value or
// inside a request object (claims and authorization_details as JSON) — the
// demo provider grants the rich authorization request and the essential
// acr, and the ID token's auth_time and acr pass their checks.
func TestLoginAuthRequestParams(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	for _, ro := range []string{"", auth.RequestObjectNone} {
		t.Run("request object "+ro, func(t *testing.T) {
			p := demoProfile(srv.URL)
			p.RequestObject = ro
			p.AuthRequest = auth.AuthRequest{Prompt: "login", MaxAge: maxAge(300), ACRValues: demoMFA, LoginHint: "qa@example.test",
				UILocales: "fr-FR en", Claims: json.RawMessage(essentialMF), AuthorizationDetails: json.RawMessage(paymentRAR)}
			pr, ts, q, err := loginWith(t, p)
			if err != nil {
				t.Fatalf("Login: %v", err)
			}
			if ro == "" {
				for k, want := range map[string]string{"prompt": "login", "max_age": "300", "acr_values": demoMFA, "login_hint": "qa@example.test",
					"ui_locales": "fr-FR en", "claims": essentialMF, "authorization_details": paymentRAR} {
					if q.Get(k) != want {
						t.Errorf("%s = %q; want %q", k, q.Get(k), want)
					}
				}
			} else if q.Get("request") == "" || q.Has("claims") {
				t.Errorf("the parameters are not inside the request object: %v", q)
			}
			var got, want any
			_ = json.Unmarshal(ts.GrantedAuthorizationDetails(), &got)
			_ = json.Unmarshal([]byte(paymentRAR), &want)
			if b1, b2 := mustJSON(got), mustJSON(want); b1 != b2 {
				t.Errorf("granted authorization_details = %s; want %s", b1, b2)
			}
			rep := reportOf(pr, ts)
			for _, name := range []string{"auth_time", "acr (essential)"} {
				if c, ok := rep.ID.Check(name); !ok || c.Status != check.CheckPass {
					t.Errorf("%s check = %+v", name, c)
				}
			}
		})
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

// An authorization_details type the provider does not know is refused by
// it (invalid_authorization_details, RFC 9396 §5), and so is an essential
// acr it cannot satisfy.
func TestLoginAuthRequestRefusedByProvider(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	for _, tc := range []struct {
		name, code string
		r          auth.AuthRequest
	}{
		{"unknown authorization_details type", "invalid_authorization_details", auth.AuthRequest{AuthorizationDetails: json.RawMessage(`[{"type":"crypto_swap"}]`)}},
		{"essential acr not available", "unmet_authentication_requirements", auth.AuthRequest{Claims: json.RawMessage(`{"id_token":{"acr":{"essential":true,"values":["urn:other:loa:4"]}}}`)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := demoProfile(srv.URL)
			p.AuthRequest = tc.r
			_, _, _, err := loginWith(t, p)
			var ce *auth.CallbackError
			if !errors.As(err, &ce) || ce.Code != tc.code {
				t.Fatalf("Login error = %v; want %s", err, tc.code)
			}
		})
	}
}

// max_age implies the auth_time check: missing or too old is a refusal. A
// voluntary acr_values not met is a warning; an essential acr not met is a
// refusal (OpenID Connect Core §3.1.2.1, §5.5.1.1).
func TestLoginAuthTimeAndACRChecks(t *testing.T) {
	keys, err := demoidptest.NewKeys(1024)
	if err != nil {
		t.Fatal(err)
	}
	rec, srv := demoEnv(t, demoidp.Options{Keys: keys})
	set := func(k string, v any) func(map[string]any) { return func(m map[string]any) { m[k] = v } }
	for _, tc := range []struct {
		name    string
		r       auth.AuthRequest
		claims  func(map[string]any)
		refused string // the refused check, "" for a login that goes through
		warn    string // a failed check that only warns
	}{
		{"auth_time older than max_age", auth.AuthRequest{MaxAge: maxAge(60)}, set("auth_time", time.Now().Add(-time.Hour).Unix()), "auth_time", ""},
		{"auth_time missing with max_age", auth.AuthRequest{MaxAge: maxAge(60)}, func(m map[string]any) { delete(m, "auth_time") }, "auth_time", ""},
		{"acr_values not met", auth.AuthRequest{ACRValues: demoMFA}, set("acr", "urn:tokeninspector:demo:pwd"), "", "acr"},
		{"essential acr not met", auth.AuthRequest{Claims: json.RawMessage(essentialMF)}, set("acr", "urn:tokeninspector:demo:pwd"), "acr (essential)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec.SetFaults(demoidptest.Faults{Key: keys.Current(), IDClaims: tc.claims})
			defer rec.SetFaults(demoidptest.Faults{})
			p := demoProfile(srv.URL)
			p.AuthRequest = tc.r
			pr, ts, _, err := loginWith(t, p)
			if tc.refused != "" {
				var re *auth.RefusedAnswerError
				if !errors.As(err, &re) || re.Check != tc.refused {
					t.Fatalf("Login error = %v; want the %s check refused", err, tc.refused)
				}
				return
			}
			if err != nil {
				t.Fatalf("Login: %v", err)
			}
			if c, ok := reportOf(pr, ts).ID.Check(tc.warn); !ok || c.Status != check.CheckFail || check.IsMust(c.Name) {
				t.Errorf("%s check = %+v; want a failed check that only warns", tc.warn, c)
			}
		})
	}
}

// A profile written before the fields existed keeps its auth_params:
// max_age there is still sent and still implies the auth_time check.
func TestLoginLegacyAuthParams(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	p := demoProfile(srv.URL)
	p.AuthParams = map[string]string{"max_age": "600", "prompt": "consent"}
	pr, ts, q, err := loginWith(t, p)
	if err != nil {
		t.Fatal(err)
	}
	if q.Get("max_age") != "600" || q.Get("prompt") != "consent" {
		t.Errorf("sent %v", q)
	}
	if c, _ := reportOf(pr, ts).ID.Check("auth_time"); c.Status != check.CheckPass || c.Reason == "" {
		t.Errorf("auth_time = %+v", c)
	}
}
