package oidc

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	gojose "github.com/go-jose/go-jose/v4"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/discovery"
)

// Revoke then introspect → inactive; userinfo works before and fails after.
func TestIntrospectRevokeUserinfoAgainstDemoProvider(t *testing.T) {
	pr, ts, _ := loginDemo(t, demoidp.Options{})
	ctx := context.Background()
	in, err := pr.Introspect(ctx, ts.AccessToken, HintAccessToken)
	if err != nil || !in.Active || in.TokenType != "access_token" || in.ExpiresAt.IsZero() || in.Scope == "" {
		t.Fatalf("Introspect(access) = %+v, %v; want active with exp and scope", in, err)
	}
	ui, err := pr.Userinfo(ctx, ts.AccessToken, nil)
	if err != nil || ui.Subject != demoidp.DefaultSubject || len(ui.Fields) == 0 {
		t.Fatalf("Userinfo = %+v, %v", ui, err)
	}
	if in, err := pr.Introspect(ctx, ts.RefreshToken, HintRefreshToken); err != nil || !in.Active {
		t.Fatalf("Introspect(refresh) = %+v, %v; want active", in, err)
	}
	if err := pr.Revoke(ctx, ts.RefreshToken, HintRefreshToken); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	for _, tok := range []string{ts.RefreshToken, ts.AccessToken} { // the family goes with the refresh token
		if in, err := pr.Introspect(ctx, tok, ""); err != nil || in.Active {
			t.Errorf("Introspect after revocation = %+v, %v; want inactive", in, err)
		}
	}
	_, err = pr.Userinfo(ctx, ts.AccessToken, nil)
	var oe *auth.OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_token" || oe.Status != 401 || !strings.HasPrefix(err.Error(), "userinfo: ") {
		t.Errorf("Userinfo after revocation: %v; want invalid_token (HTTP 401)", err)
	}
	if _, err := pr.Refresh(ctx, ts.RefreshToken); !auth.NeedsLogin(err) {
		t.Errorf("Refresh after revocation: %v; want invalid_grant", err)
	}
}

func TestRevokeAccessTokenOnly(t *testing.T) {
	pr, ts, _ := loginDemo(t, demoidp.Options{})
	ctx := context.Background()
	if err := pr.Revoke(ctx, ts.AccessToken, HintAccessToken); err != nil {
		t.Fatal(err)
	}
	if in, _ := pr.Introspect(ctx, ts.AccessToken, ""); in == nil || in.Active {
		t.Errorf("access token still active: %+v", in)
	}
	if in, _ := pr.Introspect(ctx, ts.RefreshToken, ""); in == nil || !in.Active {
		t.Errorf("refresh token inactive after revoking the access token only: %+v", in)
	}
}

// writeKeyFiles writes k as a PKCS#8 PEM file and as a JWK file.
func writeKeyFiles(t *testing.T, k any, alg, kid string) (pemPath, jwkPath string) {
	t.Helper()
	dir := t.TempDir()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	pemPath = filepath.Join(dir, "key.pem")
	os.WriteFile(pemPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
	b, err := (&gojose.JSONWebKey{Key: k, Algorithm: alg, KeyID: kid}).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	jwkPath = filepath.Join(dir, "key.jwk")
	os.WriteFile(jwkPath, b, 0o600)
	return pemPath, jwkPath
}

func TestJWTClientAuthenticationAgainstDemoProvider(t *testing.T) {
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	otherKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	clients := demoidp.DefaultClients()
	clients["jwt-client"] = demoidp.Client{PublicKeys: []crypto.PublicKey{&rsaKey.PublicKey, &ecKey.PublicKey}}
	_, srv := demoEnv(t, demoidp.Options{Clients: clients})
	rsaPEM, rsaJWK := writeKeyFiles(t, rsaKey, "PS256", "my-kid")
	ecPEM, _ := writeKeyFiles(t, ecKey, "", "")
	otherPEM, _ := writeKeyFiles(t, otherKey, "", "")

	for _, tc := range []struct {
		name, file, wantAlg, wantKid string
		aud                          string
	}{
		{"RSA PEM", rsaPEM, "RS256", "", ""},
		{"RSA JWK with alg and kid", rsaJWK, "PS256", "my-kid", ""},
		{"EC PEM, aud issuer", ecPEM, "ES256", "", auth.AssertionAudIssuer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) {
				p.ClientID, p.ClientSecret, p.ClientAuth, p.ClientKeyFile, p.AssertionAudience = "jwt-client", "", auth.AuthPrivateKeyJWT, tc.file, tc.aud
				p.Scopes = []string{"api"}
			})
			ts, err := pr.ClientCredentials(context.Background(), ClientCredentialsOptions{})
			if err != nil {
				t.Fatal(err)
			}
			a := ts.ClientAssertion
			if a == nil || a.Alg != tc.wantAlg || claimString(t, *a, "iss") != "jwt-client" || claimString(t, *a, "sub") != "jwt-client" {
				t.Fatalf("assertion %+v; want %s signed by jwt-client", a, tc.wantAlg)
			}
			wantAud := srv.URL + "/token"
			if tc.aud == auth.AssertionAudIssuer {
				wantAud = srv.URL
			}
			if got := claimString(t, *a, "aud"); got != wantAud {
				t.Errorf("aud = %q; want %q", got, wantAud)
			}
			if kid := a.Kid; tc.wantKid != "" && kid != tc.wantKid || kid == "" {
				t.Errorf("kid = %q; want %q (or the thumbprint)", kid, tc.wantKid)
			}
		})
	}
	t.Run("wrong key", func(t *testing.T) {
		pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) {
			p.ClientID, p.ClientSecret, p.ClientAuth, p.ClientKeyFile = "jwt-client", "", auth.AuthPrivateKeyJWT, otherPEM
		})
		_, err := pr.ClientCredentials(context.Background(), ClientCredentialsOptions{Scopes: []string{"api"}})
		var oe *auth.OAuthError
		if !errors.As(err, &oe) || oe.Code != "invalid_client" {
			t.Fatalf("err = %v; want invalid_client", err)
		}
	})
	t.Run("missing key file", func(t *testing.T) {
		pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) {
			p.ClientID, p.ClientAuth, p.ClientKeyFile = "jwt-client", auth.AuthPrivateKeyJWT, filepath.Join(t.TempDir(), "nope.pem")
		})
		_, err := pr.ClientCredentials(context.Background(), ClientCredentialsOptions{Scopes: []string{"api"}})
		if err == nil || !strings.Contains(err.Error(), "client key") {
			t.Fatalf("err = %v; want the key file named", err)
		}
	})
	t.Run("client_secret_jwt", func(t *testing.T) {
		pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) {
			p.ClientAuth, p.ClientID, p.ClientSecret = auth.AuthSecretJWT, demoidp.SecretJWTClientID, demoidp.SecretJWTClientSecret
		})
		ts, err := pr.ClientCredentials(context.Background(), ClientCredentialsOptions{Scopes: []string{"api"}})
		if err != nil || ts.ClientAssertion == nil || ts.ClientAssertion.Alg != "HS256" {
			t.Fatalf("ts = %v, err = %v; want an HS256 assertion", ts, err)
		}
		bad := demoProvider(t, srv.URL, nil, func(p *auth.Profile) {
			p.ClientAuth, p.ClientID, p.ClientSecret = auth.AuthSecretJWT, demoidp.SecretJWTClientID, "wrong-secret-wrong-secret-wrong-secret"
		})
		_, err = bad.ClientCredentials(context.Background(), ClientCredentialsOptions{Scopes: []string{"api"}})
		var oe *auth.OAuthError
		if !errors.As(err, &oe) || oe.Code != "invalid_client" || strings.Contains(err.Error(), "wrong-secret") {
			t.Fatalf("err = %v; want invalid_client", err)
		}
		short := demoProvider(t, srv.URL, nil, func(p *auth.Profile) { p.ClientAuth = auth.AuthSecretJWT })
		if _, err := short.ClientCredentials(context.Background(), ClientCredentialsOptions{Scopes: []string{"api"}}); err == nil || !strings.Contains(err.Error(), "HS256 needs at least 32") {
			t.Fatalf("a short secret: %v; want the length named", err)
		}
	})
	t.Run("browser login with private_key_jwt", func(t *testing.T) {
		pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) {
			p.ClientID, p.ClientSecret, p.ClientAuth, p.ClientKeyFile = "jwt-client", "", auth.AuthPrivateKeyJWT, ecPEM
		})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		ts, err := pr.Login(ctx, LoginOptions{})
		if err != nil || ts.ClientAssertion == nil {
			t.Fatalf("Login = %v, %v", ts, err)
		}
		if _, err := pr.RefreshSet(ctx, ts); err != nil {
			t.Fatalf("refresh: %v", err)
		}
	})
}

func TestPARAgainstDemoProvider(t *testing.T) {
	clock := newFakeClock()
	_, srv := demoEnv(t, demoidp.Options{RequirePAR: true, Now: clock.Now})
	t.Run("on by default when required", func(t *testing.T) {
		var opened string
		b := newFakeBrowser(t)
		pr := demoProvider(t, srv.URL, clock, nil) // the provider's clock, or its ID tokens are issued in the future
		pr.env.Open = func(u string) error { opened = u; return b.Open(u) }
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := pr.Login(ctx, LoginOptions{}); err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(opened)
		if q := u.Query(); len(q) != 2 || q.Get("client_id") != demoidp.DemoClientID || !strings.HasPrefix(q.Get("request_uri"), "urn:ietf:params:oauth:request_uri:") {
			t.Errorf("browser URL %s; want client_id and request_uri only", opened)
		}
	})
	t.Run("request_uri expired", func(t *testing.T) {
		pages := make(chan string, 1)
		pr := demoProvider(t, srv.URL, nil, nil)
		pr.env.Open = func(u string) error {
			clock.Add(demoidp.DefaultPARTTL + time.Second) // the user took too long
			go func() {
				resp, err := http.Get(u)
				if err != nil {
					pages <- err.Error()
					return
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				pages <- string(b)
			}()
			return nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		go pr.Login(ctx, LoginOptions{Timeout: 2 * time.Second})
		if page := <-pages; !strings.Contains(page, "Request expired") {
			t.Errorf("the browser shows %q; want the expiry page", page)
		}
	})
	t.Run("off while required", func(t *testing.T) {
		pages := make(chan string, 1)
		pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) { p.PAR = auth.PAROff })
		pr.env.Open = func(u string) error {
			go func() {
				resp, _ := http.Get(u)
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				pages <- string(b)
			}()
			return nil
		}
		go pr.Login(context.Background(), LoginOptions{Timeout: 2 * time.Second})
		if page := <-pages; !strings.Contains(page, "Pushed request required") {
			t.Errorf("the browser shows %q; want the PAR-required page", page)
		}
	})
}

func TestDPoPAgainstDemoProvider(t *testing.T) {
	for _, nonce := range []bool{false, true} {
		t.Run(map[bool]string{false: "no nonce", true: "nonce required"}[nonce], func(t *testing.T) {
			var tokenCalls, userinfoCalls atomic.Int32
			idp, err := demoidp.New(demoidp.Options{AutoApprove: true, DPoPNonce: nonce})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/token":
					tokenCalls.Add(1)
				case "/userinfo":
					userinfoCalls.Add(1)
				}
				idp.Handler().ServeHTTP(w, r)
			}))
			idp.SetIssuer(srv.URL)
			pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) { p.DPoP = true })
			var authURL string
			open := pr.env.Open
			pr.env.Open = func(u string) error { authURL = u; return open(u) }
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			ts, err := pr.Login(ctx, LoginOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if u, _ := url.Parse(authURL); ts.DPoP == nil || u.Query().Get("dpop_jkt") != ts.DPoP.Thumbprint() {
				t.Errorf("authorization URL %s; want dpop_jkt of the session key", authURL)
			}
			if ts.DPoP == nil || !strings.EqualFold(ts.TokenType, "DPoP") {
				t.Fatalf("token set %v (key %v); want a DPoP token", ts, ts.DPoP)
			}
			f, _ := ts.Access.Claim("cnf")
			var cnf struct{ JKT string }
			json.Unmarshal(f.Raw, &cnf)
			if cnf.JKT != ts.DPoP.Thumbprint() {
				t.Errorf("cnf.jkt = %q; want the key's thumbprint %q", cnf.JKT, ts.DPoP.Thumbprint())
			}
			want := int32(1)
			if nonce {
				want = 2 // use_dpop_nonce, then the retry
			}
			if n := tokenCalls.Load(); n != want {
				t.Errorf("%d token requests for the login; want %d", n, want)
			}
			// The latest nonce is kept: the refresh needs no retry.
			ts2, err := pr.RefreshSet(ctx, ts)
			if err != nil || ts2.DPoP != ts.DPoP {
				t.Fatalf("RefreshSet = %v, %v; want the same key", ts2, err)
			}
			if n := tokenCalls.Load(); n != want+1 {
				t.Errorf("%d token requests after the refresh; want %d", n, want+1)
			}
			if _, err := pr.Userinfo(ctx, ts2.AccessToken, ts2.DPoP); err != nil {
				t.Fatalf("Userinfo with DPoP: %v", err)
			}
			// A bound refresh token with another key is refused.
			other, _ := jose.NewDPoPKey()
			stolen := *ts2
			stolen.DPoP = other
			if _, err := pr.RefreshSet(ctx, &stolen); !auth.NeedsLogin(err) {
				t.Errorf("refresh with another key: %v; want invalid_grant", err)
			}
			// A bound access token as a Bearer token is refused.
			if _, err := pr.Userinfo(ctx, ts2.AccessToken, nil); err == nil {
				t.Error("userinfo took a DPoP-bound token as Bearer")
			}
		})
	}
}

// Proofs with a wrong ath or htu are refused by the demo provider.
func TestDPoPProofWithWrongATHOrHTURefused(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) { p.DPoP = true })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, htu, token, want string }{
		{"wrong ath", srv.URL + "/userinfo", "another-access-token", "ath"},
		{"wrong htu", srv.URL + "/elsewhere", ts.AccessToken, "htu"},
		{"right", srv.URL + "/userinfo", ts.AccessToken, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proof, err := ts.DPoP.Proof("GET", tc.htu, tc.token, "", time.Now())
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("GET", srv.URL+"/userinfo", nil)
			req.Header.Set("Authorization", "DPoP "+ts.AccessToken)
			req.Header.Set("DPoP", proof)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			ch := challengeParams(resp.Header.Get("WWW-Authenticate"))
			if tc.want == "" {
				if resp.StatusCode != 200 {
					t.Errorf("HTTP %d %v; want 200", resp.StatusCode, ch)
				}
				return
			}
			if resp.StatusCode != 401 || ch["error"] != "invalid_dpop_proof" || !strings.Contains(ch["error_description"], tc.want) {
				t.Errorf("HTTP %d %v; want 401 invalid_dpop_proof about %s", resp.StatusCode, ch, tc.want)
			}
		})
	}
}

// RFC 9207: a callback whose iss is not the provider's is refused.
func TestCallbackIssMismatchRefused(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	for _, tc := range []struct{ name, iss string }{{"other issuer", "https://evil.example"}, {"missing", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			redirect, state, done := startLogin(t, demoProfile(srv.URL), LoginOptions{})
			q := "?code=forged&state=" + url.QueryEscape(state)
			if tc.iss != "" {
				q += "&iss=" + url.QueryEscape(tc.iss)
			}
			get(t, redirect+q)
			err := <-done
			var me *IssMismatchError
			if !errors.As(err, &me) || me.Got != tc.iss || me.Want != srv.URL || !strings.Contains(err.Error(), "RFC 9207") {
				t.Fatalf("Login error = %v; want an iss mismatch", err)
			}
		})
	}
}

func TestLogoutAgainstDemoProvider(t *testing.T) {
	pr, ts, _ := loginDemo(t, demoidp.Options{})
	var logoutURL string
	pr.env.Open = func(u string) error { logoutURL = u; return newFakeBrowser(t).Open(u) }
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := pr.Logout(ctx, ts.IDToken, LogoutOptions{}); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(logoutURL)
	if q := u.Query(); q.Get("id_token_hint") != ts.IDToken || !strings.HasPrefix(q.Get("post_logout_redirect_uri"), "http://127.0.0.1:") || q.Get("state") == "" {
		t.Errorf("logout URL %s lacks id_token_hint, a loopback post_logout_redirect_uri or state", logoutURL)
	}
	if _, err := pr.Refresh(ctx, ts.RefreshToken); !auth.NeedsLogin(err) {
		t.Errorf("refresh after logout: %v; want invalid_grant", err)
	}
}

// Each DPoP algorithm logs in, refreshes and calls userinfo with the
// bound token; the proofs carry the key's alg and the token its cnf.jkt.
func TestDPoPAlgorithmsAgainstDemoProvider(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	kty := map[string]string{"ES256": "EC", "ES384": "EC", "ES512": "EC", "EdDSA": "OKP", "PS256": "RSA"}
	resp, err := http.Get(srv.URL + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	var md discovery.Metadata
	err = json.NewDecoder(resp.Body).Decode(&md)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, alg := range jose.DPoPAlgs {
		t.Run(alg, func(t *testing.T) {
			if !slices.Contains(md.DPoPSigningAlgsSupported, alg) {
				t.Errorf("dpop_signing_alg_values_supported %v lacks %s", md.DPoPSigningAlgsSupported, alg)
			}
			pr := demoProvider(t, srv.URL, nil, func(p *auth.Profile) { p.DPoP, p.DPoPAlg = true, alg })
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			ts, err := pr.Login(ctx, LoginOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if ts.DPoP == nil || ts.DPoP.Alg() != alg || !strings.EqualFold(ts.TokenType, "DPoP") {
				t.Fatalf("token type %q, key %v; want a DPoP token bound to an %s key", ts.TokenType, ts.DPoP, alg)
			}
			f, _ := ts.Access.Claim("cnf")
			var cnf struct{ JKT string }
			json.Unmarshal(f.Raw, &cnf)
			if cnf.JKT == "" || cnf.JKT != ts.DPoP.Thumbprint() {
				t.Errorf("cnf.jkt = %q; want the key's thumbprint %q", cnf.JKT, ts.DPoP.Thumbprint())
			}
			proof, err := ts.DPoP.Proof("GET", srv.URL+"/userinfo", ts.AccessToken, "", time.Now())
			if err != nil {
				t.Fatal(err)
			}
			d := jose.UnverifiedDecode(proof)
			jwk, _ := d.HeaderField("jwk")
			var pub struct{ Kty string }
			json.Unmarshal(jwk.Raw, &pub)
			if d.Alg != alg || d.Typ != "dpop+jwt" || pub.Kty != kty[alg] {
				t.Errorf("proof alg %q typ %q jwk kty %q; want %s, dpop+jwt, %s", d.Alg, d.Typ, pub.Kty, alg, kty[alg])
			}
			ts2, err := pr.RefreshSet(ctx, ts)
			if err != nil || ts2.DPoP != ts.DPoP {
				t.Fatalf("RefreshSet = %v, %v; want the same key", ts2, err)
			}
			if _, err := pr.Userinfo(ctx, ts2.AccessToken, ts2.DPoP); err != nil {
				t.Fatalf("Userinfo with an %s DPoP proof: %v", alg, err)
			}
			// The key survives the saved session: same alg, same thumbprint.
			priv, err := ts.DPoP.PrivateJWK()
			if err != nil {
				t.Fatal(err)
			}
			back, err := jose.LoadDPoPKey(priv)
			if err != nil || back.Alg() != alg || back.Thumbprint() != ts.DPoP.Thumbprint() {
				t.Fatalf("LoadDPoPKey(PrivateJWK) = %v, %v; want the %s key back", back, err, alg)
			}
		})
	}
}
