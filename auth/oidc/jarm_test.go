package oidc

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
)

// jarmLogin logs in with profile p through the form browser (which
// follows redirects and submits form_post pages).
func jarmLogin(t *testing.T, p auth.Profile) (*auth.TokenSet, error) {
	t.Helper()
	b := newFormBrowser(t, "approve")
	pr := newTestProvider(t, p, b.Open)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return pr.Login(ctx, LoginOptions{Timeout: 8 * time.Second})
}

// JARM round trips: the code comes back inside a response JWT signed by
// the provider — in the query (jwt, query.jwt) or posted (form_post.jwt) —
// and the login shows the response and its checks.
func TestLoginJARM(t *testing.T) {
	_, srv := demoEnv(t, demoidp.Options{})
	for _, mode := range []string{auth.ResponseModeJWT, auth.ResponseModeQueryJWT, auth.ResponseModeFormPostJWT} {
		t.Run(mode, func(t *testing.T) {
			p := demoProfile(srv.URL)
			p.ResponseMode = mode
			ts, err := jarmLogin(t, p)
			if err != nil {
				t.Fatalf("Login: %v", err)
			}
			jr := ts.AuthorizationResponse
			if jr == nil || ts.AccessToken == "" {
				t.Fatalf("no response JWT (%v) or no tokens", jr)
			}
			if jr.Encryption != "" {
				t.Errorf("Encryption = %q for a signed-only response", jr.Encryption)
			}
			names := map[string]bool{}
			for _, c := range jr.Checks {
				names[c.Name] = true
				if !c.OK {
					t.Errorf("check %s failed: %s", c.Name, c.Reason)
				}
			}
			for _, n := range []string{"alg", "signature", "iss", "aud", "exp"} {
				if !names[n] {
					t.Errorf("no %s check in %+v", n, jr.Checks)
				}
			}
			if aud := jr.Decoded.Audience; len(aud) != 1 || aud[0] != demoidp.DemoClientID {
				t.Errorf("aud = %v", aud)
			}
		})
	}
}

// An encrypted JARM response (a nested JWT encrypted to the client's
// registered key, RSA-OAEP-256 or ECDH-ES) is opened with the profile's
// client key; without the key the response is refused, never used.
func TestLoginJARMEncrypted(t *testing.T) {
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	clients := demoidp.DefaultClients()
	clients["jarm-rsa"] = demoidp.Client{PublicKeys: []crypto.PublicKey{&rsaKey.PublicKey}, AuthorizationEncryptedResponseAlg: "RSA-OAEP-256"}
	clients["jarm-ec"] = demoidp.Client{PublicKeys: []crypto.PublicKey{&ecKey.PublicKey}, AuthorizationEncryptedResponseAlg: "ECDH-ES", AuthorizationEncryptedResponseEnc: "A256GCM"}
	_, srv := demoEnv(t, demoidp.Options{Clients: clients})
	rsaPEM, _ := writeKeyFiles(t, rsaKey, "", "")
	ecPEM, _ := writeKeyFiles(t, ecKey, "", "")
	for _, tc := range []struct{ client, key, wantEnc string }{
		{"jarm-rsa", rsaPEM, "RSA-OAEP-256 · A128CBC-HS256"},
		{"jarm-ec", ecPEM, "ECDH-ES · A256GCM"},
	} {
		t.Run(tc.client, func(t *testing.T) {
			p := demoProfile(srv.URL)
			p.ClientID, p.ClientSecret, p.ClientAuth, p.ClientKeyFile = tc.client, "", auth.AuthPrivateKeyJWT, tc.key
			p.ResponseMode = auth.ResponseModeQueryJWT
			ts, err := jarmLogin(t, p)
			if err != nil {
				t.Fatalf("Login: %v", err)
			}
			if jr := ts.AuthorizationResponse; jr == nil || jr.Encryption != tc.wantEnc {
				t.Fatalf("response = %+v; want encrypted %s", jr, tc.wantEnc)
			}
		})
	}
	t.Run("no client key", func(t *testing.T) {
		p := demoProfile(srv.URL)
		p.ClientID, p.ClientSecret, p.ClientAuth = "jarm-rsa", "", auth.AuthNone
		p.ResponseMode = auth.ResponseModeQueryJWT
		_, err := jarmLogin(t, p)
		var re *auth.RefusedAnswerError
		if !errors.As(err, &re) || re.Check != "decryption" || !strings.Contains(re.Reason, "no client key") {
			t.Fatalf("Login error = %v; want the decryption refused", err)
		}
	})
}

// A response JWT that fails a check a client must make is refused — with
// the response kept for display — and its code is never exchanged.
func TestLoginJARMRefused(t *testing.T) {
	keys, err := demoidptest.NewKeys(1024)
	if err != nil {
		t.Fatal(err)
	}
	other, err := demoidp.NewSigningKey(1024)
	if err != nil {
		t.Fatal(err)
	}
	rec, srv := demoEnv(t, demoidp.Options{Keys: keys})
	for _, tc := range []struct {
		name, check string
		f           demoidptest.Faults
	}{
		{"signed by another key", "signature", demoidptest.Faults{JARMKey: other}},
		{"another audience", "aud", demoidptest.Faults{JARMKey: keys.Current(), JARMClaims: func(m map[string]any) { m["aud"] = "another-client" }}},
		{"another issuer", "iss", demoidptest.Faults{JARMKey: keys.Current(), JARMClaims: func(m map[string]any) { m["iss"] = "https://evil.example" }}},
		{"expired", "exp", demoidptest.Faults{JARMKey: keys.Current(), JARMClaims: func(m map[string]any) { m["exp"] = time.Now().Add(-time.Hour).Unix() }}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec.SetFaults(tc.f)
			defer rec.SetFaults(demoidptest.Faults{})
			before := rec.Stats().AuthorizationCodeGrants
			p := demoProfile(srv.URL)
			p.ResponseMode = auth.ResponseModeQueryJWT
			_, err := jarmLogin(t, p)
			var re *auth.RefusedAnswerError
			if !errors.As(err, &re) || re.Check != tc.check || re.Op != AuthorizationResponseOp {
				t.Fatalf("Login error = %v; want the %s check refused", err, tc.check)
			}
			if re.Set == nil || re.Set.AuthorizationResponse == nil {
				t.Fatal("the refusal does not carry the response for display")
			}
			if rec.Stats().AuthorizationCodeGrants != before {
				t.Error("the code of a refused response was exchanged")
			}
		})
	}
}

// A response JWT signed with an algorithm the provider does not list for
// response JWTs (here RS256 from a provider that lists PS256, with a key
// it publishes) is refused on its alg before anything else.
func TestLoginJARMUnlistedAlgRefused(t *testing.T) {
	keys, err := demoidptest.NewKeys(1024)
	if err != nil {
		t.Fatal(err)
	}
	rec, srv := demoEnv(t, demoidp.Options{Keys: keys, SigningAlg: "PS256"})
	rec.SetFaults(demoidptest.Faults{JARMKey: keys.Current()}) // re-signed RS256
	p := demoProfile(srv.URL)
	p.ResponseMode = auth.ResponseModeQueryJWT
	_, err = jarmLogin(t, p)
	var re *auth.RefusedAnswerError
	if !errors.As(err, &re) || re.Check != "alg" || !strings.Contains(re.Reason, "RS256 is not one of") || !strings.Contains(re.Reason, "PS256") {
		t.Fatalf("Login error = %v; want the alg refused", err)
	}
	rec.SetFaults(demoidptest.Faults{})
	if _, err := jarmLogin(t, p); err != nil {
		t.Fatalf("the PS256 response the provider lists: %v", err)
	}
}

// An error inside the response JWT (here login_required for prompt=none)
// is reported as the provider's error.
func TestLoginJARMError(t *testing.T) {
	srv := signInEnv(t)
	p := demoProfile(srv.URL)
	p.ResponseMode = auth.ResponseModeJWT
	p.Prompt = "none"
	_, err := jarmLogin(t, p)
	var ce *auth.CallbackError
	if !errors.As(err, &ce) || ce.Code != "login_required" {
		t.Fatalf("Login error = %v; want login_required from inside the response JWT", err)
	}
}

// A plain response to a login that asked for JARM is refused; a response
// JWT with another state does not end the login.
func TestLoopbackJARMGuards(t *testing.T) {
	p := demoProfile("http://127.0.0.1:1")
	p.Issuer = ""
	p.AuthURL, p.TokenURL = "http://127.0.0.1:1/authorize", "http://127.0.0.1:1/token"
	p.ResponseMode = auth.ResponseModeQueryJWT
	opened := make(chan string, 1)
	pr := newTestProvider(t, p, func(u string) error { opened <- u; return nil })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	errc := make(chan error, 1)
	go func() { _, err := pr.Login(ctx, LoginOptions{}); errc <- err }()
	au, _ := url.Parse(<-opened)
	cb, state := au.Query().Get("redirect_uri"), au.Query().Get("state")
	if m := au.Query().Get("response_mode"); m != "query.jwt" {
		t.Errorf("response_mode = %q", m)
	}
	get := func(q url.Values) int {
		resp, err := http.Get(cb + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := get(url.Values{"response": {"a.b.c"}}); c != 400 {
		t.Errorf("a response JWT without this state: %d; want 400", c)
	}
	get(url.Values{"code": {"c"}, "state": {state}})
	var re *auth.RefusedAnswerError
	if err := <-errc; !errors.As(err, &re) || re.Check != "response" {
		t.Fatalf("Login error = %v; want the plain response refused", err)
	}
}
