package oidc

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// grantSecrets records, on top of recordingIdP, the secrets of the newer
// flows: device codes, client assertions, subject and actor tokens, DPoP
// proofs and request_uris.
func grantSecrets(next http.Handler, bag *secretBag) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bag.add("DPoP proof", r.Header.Get("DPoP"))
		if r.Method == http.MethodPost {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			form, _ := url.ParseQuery(string(body))
			for _, k := range []string{"client_assertion", "subject_token", "actor_token", "device_code"} {
				bag.add(k+" (sent)", form.Get(k))
			}
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var resp map[string]any
		if json.Unmarshal(rec.Body.Bytes(), &resp) == nil {
			for _, k := range []string{"device_code", "request_uri"} {
				s, _ := resp[k].(string)
				bag.add(k, s)
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// The newer grants and endpoints leak nothing either: client credentials
// with each client authentication, the device flow, token exchange, PAR,
// DPoP, userinfo, introspection, revocation, and their failures; no secret
// in the client's or the provider's logs or in any error.
func TestNoSecretsInLogsOfTheNewerGrants(t *testing.T) {
	const secret = "s3cr3t-XYZ-hygiene-long-enough-for-hs256"
	var logs syncLog
	bag := &secretBag{}
	bag.add("client secret", secret)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(ecKey)
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	keyFile := filepath.Join(t.TempDir(), "client.pem")
	os.WriteFile(keyFile, keyPEM, 0o600)
	bag.add("client private key", string(keyPEM[40:100]))

	idp, err := demoidp.New(demoidp.Options{
		AutoApprove: true, KeyBits: 1024, Logf: logs.Logf, DPoPNonce: true, DeviceInterval: time.Second,
		Clients: map[string]demoidp.Client{
			hygieneClientID: {Secret: secret},
			"hygiene-jwt":   {PublicKeys: []crypto.PublicKey{&ecKey.PublicKey}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var bypass []string
	var bypassMu sync.Mutex
	srv := httptest.NewServer(grantSecrets(recordingIdP(idp.Handler(), bag, &bypass, &bypassMu), bag))
	t.Cleanup(srv.Close)
	idp.SetIssuer(srv.URL)
	client, err := auth.NewHTTPClient(auth.HTTPOptions{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	client.Transport = markTransport{client.Transport}
	clock := newFakeClock()
	clock.now = time.Now()
	env := Env{HTTP: client, Open: hygieneBrowser(t, bag), Logf: logs.Logf, Wait: clock.Wait}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	provider := func(edit func(*auth.Profile)) *Provider {
		p := auth.Profile{
			Name:         "hygiene",
			Issuer:       srv.URL,
			Client:       auth.Client{ClientID: hygieneClientID, ClientSecret: secret},
			GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email"}},
		}
		edit(&p)
		pr, err := NewProvider(ctx, p, env)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pr.Close)
		return pr
	}
	must := func(ts *auth.TokenSet, err error) *auth.TokenSet {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		logs.Logf("set: %v / %+v", ts, *ts)
		return ts
	}
	var errs []error

	for _, m := range []auth.ClientAuth{auth.AuthPost, auth.AuthBasic, auth.AuthSecretJWT} {
		must(provider(func(p *auth.Profile) { p.ClientAuth = m; p.Scopes = []string{"api"} }).ClientCredentials(ctx, ClientCredentialsOptions{}))
	}
	jwtPr := provider(func(p *auth.Profile) {
		p.ClientID, p.ClientSecret, p.ClientAuth, p.ClientKeyFile = "hygiene-jwt", "", auth.AuthPrivateKeyJWT, keyFile
	})
	must(jwtPr.ClientCredentials(ctx, ClientCredentialsOptions{Scopes: []string{"api"}}))

	dpop := provider(func(p *auth.Profile) { p.DPoP = true; p.PAR = auth.PAROn })
	login := must(dpop.Login(ctx, LoginOptions{}))
	bag.add("DPoP private key", dpopD(t, login.DPoP))
	refreshed := must(dpop.RefreshSet(ctx, login))
	if _, err := dpop.Userinfo(ctx, refreshed.AccessToken, refreshed.DPoP); err != nil {
		t.Fatal(err)
	}
	logs.Logf("key: %v", refreshed.DPoP)

	plain := provider(func(*auth.Profile) {})
	dev := must(plain.DeviceLogin(ctx, DeviceOptions{OnCode: func(d *DeviceAuthorization) { logs.Logf("device: %v / %+v", d, *d) }}))
	must(plain.ExchangeToken(ctx, TokenExchangeOptions{SubjectToken: dev.AccessToken, ActorToken: dev.IDToken, ActorTokenType: TokenTypeIDToken}))
	in, err := plain.Introspect(ctx, dev.RefreshToken, HintRefreshToken)
	if err != nil || !in.Active {
		t.Fatalf("introspect: %v %v", in, err)
	}
	if err := plain.Revoke(ctx, dev.RefreshToken, HintRefreshToken); err != nil {
		t.Fatal(err)
	}

	// Failures.
	_, err = plain.Refresh(ctx, dev.RefreshToken)
	errs = append(errs, err)
	_, err = plain.ExchangeToken(ctx, TokenExchangeOptions{SubjectToken: dev.RefreshToken})
	errs = append(errs, err)
	_, err = plain.Userinfo(ctx, dev.AccessToken, nil)
	errs = append(errs, err)
	_, err = provider(func(p *auth.Profile) { p.ClientSecret = "wr0ng-" + secret; p.ClientAuth = auth.AuthSecretJWT }).ClientCredentials(ctx, ClientCredentialsOptions{Scopes: []string{"api"}})
	errs = append(errs, err)
	stolen := *refreshed
	stolen.DPoP, _ = jose.NewDPoPKey()
	_, err = dpop.RefreshSet(ctx, &stolen)
	errs = append(errs, err)
	for i, e := range errs {
		if e == nil {
			t.Fatalf("expected failure %d succeeded", i)
		}
	}

	for what, min := range map[string]int{"device_code": 1, "client_assertion (sent)": 3, // subject tokens are the access tokens already in the bag
		"DPoP proof": 3, "request_uri": 1, "access_token": 5} {
		if n := bag.count(what); n < min {
			t.Errorf("captured %d %s values; want at least %d", n, what, min)
		}
	}
	logText := logs.String()
	for _, want := range []string{"demoidp: device:", "demoidp: par:", "asked for a DPoP nonce", "client credentials: got TokenSet{"} {
		if !bytes.Contains([]byte(logText), []byte(want)) {
			t.Errorf("the logs lack %q:\n%s", want, logText)
		}
	}
	if leaks := bag.leaks(logText); len(leaks) > 0 {
		t.Errorf("the logs show %v:\n%s", leaks, logText)
	}
	for _, e := range errs {
		for _, form := range []string{"%v", "%+v", "%#v"} {
			if text := fmt.Sprintf(form, e); len(bag.leaks(text)) > 0 {
				t.Errorf("Sprintf(%q, err) = %q shows %v", form, text, bag.leaks(text))
			}
		}
	}
	bypassMu.Lock()
	defer bypassMu.Unlock()
	if len(bypass) > 0 {
		t.Errorf("requests that did not go through Env.HTTP: %v", bypass)
	}
}

// dpopD is the private part of a DPoP key's JWK.
func dpopD(t *testing.T, k *jose.DPoPKey) string {
	t.Helper()
	b, err := k.PrivateJWK()
	if err != nil {
		t.Fatal(err)
	}
	var jwk struct{ D string }
	json.Unmarshal(b, &jwk)
	if jwk.D == "" {
		t.Fatal("no d in the private JWK")
	}
	return jwk.D
}
