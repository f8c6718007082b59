package oidc

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	"github.com/tokeninspector/tokeninspector/auth/discovery"
)

// TestConformanceRP runs the OpenID Foundation's relying-party tests (and
// a few of the refresh plan's) against the demo provider misbehaving on
// purpose. want is the check that must refuse the answer ("" = accepted).
func TestConformanceRP(t *testing.T) {
	set := func(k string, v any) func(map[string]any) { return func(m map[string]any) { m[k] = v } }
	del := func(k string) func(map[string]any) { return func(m map[string]any) { delete(m, k) } }
	for _, tc := range []struct {
		id     string
		faults func(k *demoidptest.Keys) demoidptest.Faults
		rotate bool   // rotate the signing key after the login (refresh gets the new kid)
		op     string // "login" (default), "refresh" (faults on the refresh only), "userinfo"
		want   string
	}{
		{id: "rp-id_token-aud", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{Key: k.Current(), IDClaims: set("aud", "another-client")}
		}, want: "aud"},
		{id: "rp-id_token-sub", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{Key: k.Current(), IDClaims: del("sub")}
		}, want: "sub"},
		{id: "rp-id_token-iat", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{Key: k.Current(), IDClaims: del("iat")}
		}, want: "iat"},
		{id: "rp-id_token-issuer-mismatch", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{Key: k.Current(), IDClaims: set("iss", "https://evil.example")}
		}, want: "iss"},
		{id: "rp-id_token-bad-sig-rs256", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{Key: k.Current(), BadSignature: true, IDClaims: set("x", "y")}
		}, want: "signature"},
		{id: "rp-id_token-kid-absent-single-jwks", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{Key: k.Current(), IDHeader: del("kid")}
		}},
		{id: "rp-id_token-kid-absent-multiple-jwks", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			if _, err := k.Rotate(); err != nil { // two keys in the JWKS, the new one signs
				panic(err)
			}
			return demoidptest.Faults{Key: k.Current(), IDHeader: del("kid")}
		}},
		{id: "rp-id_token-sig-none", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{IDHeader: set("alg", "none")}
		}, want: "alg"},
		{id: "rp-nonce-invalid", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{Key: k.Current(), IDClaims: set("nonce", "not-the-one-sent")}
		}, want: "nonce"},
		{id: "expired ID token", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{Key: k.Current(), IDClaims: set("exp", time.Now().Add(-time.Hour).Unix())}
		}, want: "exp"},
		{id: "extra audience", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{Key: k.Current(), IDClaims: func(m map[string]any) {
				m["aud"], m["azp"] = []string{demoidp.DemoClientID, "untrusted-api"}, demoidp.DemoClientID
			}}
		}, want: "aud"},
		{id: "rp-key-rotation-op-sign-key", op: "refresh", rotate: true},
		{id: "refresh invalid-issuer", op: "refresh", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{Key: k.Current(), IDClaims: set("iss", "https://evil.example")}
		}, want: "refresh iss"},
		{id: "refresh invalid-sub", op: "refresh", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{Key: k.Current(), IDClaims: set("sub", "someone-else")}
		}, want: "refresh sub"},
		{id: "rp-userinfo-bad-sub-claim", op: "userinfo", faults: func(k *demoidptest.Keys) demoidptest.Faults {
			return demoidptest.Faults{UserinfoSub: "someone-else"}
		}, want: "userinfo sub"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			keys, err := demoidptest.NewKeys(1024)
			if err != nil {
				t.Fatal(err)
			}
			h, srv := demoEnv(t, demoidp.Options{Keys: keys})
			pr := newTestProvider(t, demoProfile(srv.URL), newFakeBrowser(t).Open)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if tc.op == "" && tc.faults != nil {
				h.SetFaults(tc.faults(keys))
			}
			ts, err := pr.Login(ctx, LoginOptions{})
			if tc.op != "" {
				if err != nil {
					t.Fatalf("login before the fault: %v", err)
				}
				if tc.rotate {
					if _, err := keys.Rotate(); err != nil {
						t.Fatal(err)
					}
				}
				if tc.faults != nil {
					h.SetFaults(tc.faults(keys))
				}
				switch tc.op {
				case "refresh":
					ts, err = pr.RefreshSet(ctx, ts)
				case "userinfo":
					ui, uerr := pr.Userinfo(ctx, ts.AccessToken, nil)
					if uerr != nil {
						t.Fatal(uerr)
					}
					err = check.RefusalOf("userinfo", nil, failed(check.UserinfoSub(ui.Subject, ts.ID))...)
				}
			}
			if tc.want == "" {
				if err != nil {
					t.Fatalf("%s: refused: %v", tc.id, err)
				}
				v := pr.ValidateSet(ctx, ts)
				if c, _ := v.ID.Check("signature"); c.Status != check.CheckPass || !strings.Contains(c.Reason, srv.URL+"/jwks.json") {
					t.Errorf("signature check %+v; want a pass with a key of the discovered jwks_uri", c)
				}
				return
			}
			var refused *auth.RefusedAnswerError
			if !errors.As(err, &refused) || !slices.Contains(refused.Failed, tc.want) {
				t.Fatalf("%s: %v (%T); want refused on the %q check", tc.id, err, err, tc.want)
			}
			if tc.op != "userinfo" && refused.Set == nil {
				t.Errorf("the refused answer is not kept for display")
			}
		})
	}
}

// failed keeps c when it failed.
func failed(c check.Check) []check.Check {
	if c.Status == check.CheckFail {
		return []check.Check{c}
	}
	return nil
}

// rp-discovery-issuer-not-matching-config: a discovery document naming
// another issuer is refused; rp-token_endpoint-client_secret_basic: the
// secret goes in the Authorization header and the login succeeds.
func TestConformanceRPDiscoveryAndClientAuth(t *testing.T) {
	h, srv := demoEnv(t, demoidp.Options{})
	t.Run("rp-token_endpoint-client_secret_basic", func(t *testing.T) {
		p := demoProfile(srv.URL)
		p.ClientAuth = auth.AuthBasic
		pr := newTestProvider(t, p, newFakeBrowser(t).Open)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := pr.Login(ctx, LoginOptions{}); err != nil {
			t.Fatalf("login with client_secret_basic: %v", err)
		}
	})
	t.Run("rp-discovery-issuer-not-matching-config", func(t *testing.T) {
		h.SetFaults(demoidptest.Faults{DiscoveryIssuer: "https://evil.example"})
		defer h.SetFaults(demoidptest.Faults{})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if pr, err := NewProvider(ctx, demoProfile(srv.URL), Env{}); err == nil {
			pr.Close()
			t.Fatal("NewProvider accepted a discovery document naming another issuer")
		}
	})
}

// Defaults from discovery: a profile that sets no client authentication
// gets client_secret_basic from a provider that offers only it
// (rp-token_endpoint-client_secret_basic), one that sets no scope gets
// openid plus the standard scopes the provider lists, and an explicit
// setting always wins.
func TestConformanceRPDefaultsFromDiscovery(t *testing.T) {
	h, srv := demoEnv(t, demoidp.Options{})
	login := func(t *testing.T, p auth.Profile, f demoidptest.Faults) (*Provider, url.Values, error) {
		t.Helper()
		h.SetFaults(f)
		t.Cleanup(func() { h.SetFaults(demoidptest.Faults{}) })
		pr := newTestProvider(t, p, newFakeBrowser(t).Open)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var q url.Values
		_, err := pr.Login(ctx, LoginOptions{OnURL: func(s string) {
			if u, perr := url.Parse(s); perr == nil {
				q = u.Query()
			}
		}})
		return pr, q, err
	}
	basicOnly := demoidptest.Faults{TokenAuthMethods: []string{"client_secret_basic"}}
	t.Run("rp-token_endpoint-client_secret_basic with no client_auth configured", func(t *testing.T) {
		p := demoProfile(srv.URL)
		p.ClientAuth = ""
		pr, _, err := login(t, p, basicOnly)
		if err != nil {
			t.Fatalf("login: %v", err)
		}
		d := pr.Defaults().ClientAuth
		if d == nil || d.Value != string(auth.AuthBasic) || !strings.Contains(d.Why, "token_endpoint_auth_methods_supported") {
			t.Errorf("Defaults().ClientAuth = %+v; want client_secret_basic, saying why", d)
		}
		if pr.Defaults().Scope != nil {
			t.Errorf("the profile's scopes were replaced: %+v", pr.Defaults().Scope)
		}
	})
	t.Run("explicit client_secret_post wins, and the provider refuses it", func(t *testing.T) {
		pr, _, err := login(t, demoProfile(srv.URL), basicOnly)
		var oe *auth.OAuthError
		if !errors.As(err, &oe) || oe.Code != "invalid_client" {
			t.Fatalf("login = %v; want invalid_client (client_secret_post sent as configured)", err)
		}
		if !pr.Defaults().Empty() {
			t.Errorf("Defaults = %+v; want none", pr.Defaults())
		}
	})
	t.Run("client_secret_basic preferred when both are offered", func(t *testing.T) {
		p := demoProfile(srv.URL)
		p.ClientAuth = ""
		pr, _, err := login(t, p, demoidptest.Faults{})
		if err != nil {
			t.Fatal(err)
		}
		if d := pr.Defaults().ClientAuth; d == nil || d.Value != string(auth.AuthBasic) {
			t.Errorf("Defaults().ClientAuth = %+v; want client_secret_basic", d)
		}
	})
	t.Run("no secret: none", func(t *testing.T) {
		p := demoProfile(srv.URL)
		p.ClientID, p.ClientSecret, p.ClientAuth = demoidp.PublicClientID, "", ""
		if err := p.Validate(); err != nil {
			t.Fatalf("Validate: %v", err)
		}
		pr, _, err := login(t, p, demoidptest.Faults{})
		if err != nil {
			t.Fatal(err)
		}
		if d := pr.Defaults().ClientAuth; d == nil || d.Value != string(auth.AuthNone) {
			t.Errorf("Defaults().ClientAuth = %+v; want none", d)
		}
	})
	for _, tc := range []struct {
		name   string
		listed []string // scopes_supported; nil: the demo's own (openid profile email offline_access)
		want   string
	}{
		{"no scope configured", nil, "openid profile email offline_access"},
		{"no scope configured, fewer listed", []string{"openid", "email", "phone"}, "openid email"},
		{"no scope configured, none listed", []string{}, "openid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := demoProfile(srv.URL)
			p.Scopes = nil
			pr, q, err := login(t, p, demoidptest.Faults{ScopesSupported: tc.listed})
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Get("scope"); got != tc.want {
				t.Errorf("scope sent = %q; want %q", got, tc.want)
			}
			if d := pr.Defaults().Scope; d == nil || d.Value != tc.want || d.Why == "" {
				t.Errorf("Defaults().Scope = %+v; want %q with a reason", d, tc.want)
			}
			if pr.Defaults().ClientAuth != nil {
				t.Errorf("the profile's client_secret_post was replaced: %+v", pr.Defaults().ClientAuth)
			}
		})
	}
	t.Run("explicit scope wins", func(t *testing.T) {
		p := demoProfile(srv.URL)
		p.Scopes = []string{"openid"}
		pr, q, err := login(t, p, demoidptest.Faults{})
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Get("scope"); got != "openid" || pr.Defaults().Scope != nil {
			t.Errorf("scope sent = %q, Defaults().Scope = %+v; want openid, no default", got, pr.Defaults().Scope)
		}
	})
}

// The built-in profiles set their client authentication and scopes: no
// discovery changes them (the Decathlon preset has no discovery, and
// keeps client_secret_post even beside a provider offering only basic).
func TestDefaultsKeepBuiltinProfiles(t *testing.T) {
	ep := discovery.Resolved{TokenAuthMethods: []string{"client_secret_basic"}, ScopesSupported: []string{"openid", "offline_access"}}
	for _, p := range auth.BuiltinProfiles() {
		p.ClientSecret = "s"
		got, d, err := applyDefaults(p, ep)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if !d.Empty() || got.Auth() != auth.AuthPost || strings.Join(got.Scopes, " ") != "openid profile email" {
			t.Errorf("%s: %s %q, defaults %+v; want client_secret_post, openid profile email, none chosen", p.Name, got.Auth(), got.Scopes, d)
		}
	}
}
