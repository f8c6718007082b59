package oidc

// Refresh path benchmark (bench/RESULTS.md, figure 4, in-process part):
// Provider.RefreshSet as the workspace runs it — the form POST through TokenClient, the three decodes, the new token set,
// KeepIDToken and its history event — against a bare http.PostForm that reads the same response from the same endpoint.
// Both talk to one httptest token endpoint that returns a fixed
// Decathlon-shaped RS256 response, so the ratio is the client's overhead.

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/discovery"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2"
)

// perfKey is one 2048-bit RSA key for the performance benchmarks (Decathlon
// signs with RS256 and a 2048-bit key), made once per test binary.
var perfKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// perfSign signs claims (an ordered JSON object) with perfKey as RS256.
func perfSign(tb testing.TB, claims string) string {
	tb.Helper()
	seg := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	signing := seg(`{"alg":"RS256","kid":"perf-1","typ":"JWT"}`) + "." + seg(claims)
	sig, err := jwt.SigningMethodRS256.Sign(signing, perfKey())
	if err != nil {
		tb.Fatalf("signing: %v", err)
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// perfTokenResponse is a Decathlon-shaped token endpoint response: RS256
// access and refresh tokens with Decathlon's claims in Decathlon's order
// (the refresh token's ati names the access jti), an ID token carrying
// nonce when it is not empty, and the response's own jti.
func perfTokenResponse(tb testing.TB, nonce string) []byte {
	tb.Helper()
	now := time.Now().Unix()
	exp, rexp := now+3600, now+30*86400
	access := perfSign(tb, `{"sub":"5ab12678-ac8f-4d3f-9338-652e791dc2ea","scope":["openid","profile","email"],`+
		`"iss":"dkconnect.org","data_center":"EU","personid":"50000234701","exp":`+itoa(exp)+`,"iat":`+itoa(now)+`,`+
		`"authorities":["ROLE_USER"],"jti":"8198119e-d8b9-475d-819f-a1a42ad9c3d0","client_id":"dkconnect"}`)
	refresh := perfSign(tb, `{"sub":"5ab12678-ac8f-4d3f-9338-652e791dc2ea","scope":["openid","profile","email"],`+
		`"ati":"8198119e-d8b9-475d-819f-a1a42ad9c3d0","iss":"dkconnect.org","data_center":"EU","exp":`+itoa(rexp)+`,`+
		`"iat":`+itoa(now)+`,"authorities":["ROLE_USER"],"jti":"f2b4c5a8-1b1e-4a43-a2b8-5b2f1d0c9e77","client_id":"dkconnect"}`)
	nonceClaim := ""
	if nonce != "" {
		b, _ := json.Marshal(nonce)
		nonceClaim = `,"nonce":` + string(b)
	}
	id := perfSign(tb, `{"iss":"dkconnect.org","sub":"5ab12678-ac8f-4d3f-9338-652e791dc2ea","aud":"dkconnect",`+
		`"exp":`+itoa(exp)+`,"iat":`+itoa(now)+`,"auth_time":`+itoa(now)+nonceClaim+`,`+
		`"email":"qa@example.test","name":"Demo User"}`)
	body, err := json.Marshal(struct {
		AccessToken  string `json:"access_token"`
		TokenType    string `json:"token_type"`
		ExpiresIn    int    `json:"expires_in"`
		RefreshToken string `json:"refresh_token"`
		Scope        string `json:"scope"`
		JTI          string `json:"jti"`
		IDToken      string `json:"id_token"`
	}{access, "bearer", 3599, refresh, "openid profile email", "8198119e-d8b9-475d-819f-a1a42ad9c3d0", id})
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// perfRefreshEndpoint serves body to every refresh_token grant.
func perfRefreshEndpoint(b *testing.B, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("refresh_token") == "" {
			http.Error(w, `{"error":"invalid_request"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkRefreshSet is one refresh through the app's path, as
// auth/workspace runs it (refresh.go): Provider.RefreshSet (the form POST
// through TokenClient → response → three decodes → new token set), then
// KeepIDToken and the history event. The refresh command runs the same
// RefreshSet.
func BenchmarkRefreshSet(b *testing.B) {
	body := perfTokenResponse(b, "")
	srv := perfRefreshEndpoint(b, body)
	client, err := auth.NewHTTPClient(auth.HTTPOptions{})
	if err != nil {
		b.Fatal(err)
	}
	p := auth.Profile{
		Name:         "decathlon-bench",
		Endpoints:    auth.Endpoints{AuthURL: srv.URL + "/authorize", TokenURL: srv.URL + "/token"},
		Client:       auth.Client{ClientID: "dkconnect", ClientSecret: "secret", ClientAuth: auth.AuthPost},
		GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email"}},
	}
	pr, err := NewProvider(context.Background(), p, Env{HTTP: client})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(pr.Close)
	first := &auth.TokenSet{RefreshToken: "first-refresh-token"}
	ctx := context.Background()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		ts, err := pr.RefreshSet(ctx, first)
		if err != nil {
			b.Fatal(err)
		}
		auth.KeepIDToken(first, ts)
		ev := history.NewEvent(history.EventRefresh, pr.Now(), first, ts, nil)
		if ts.Access.JTI == "" || ts.Refresh.Format != jose.FormatJWT || ts.ID.Subject == "" || ev.AccessJTI[1] == "" {
			b.Fatalf("refresh gave an incomplete token set: %v", ts)
		}
	}
}

// BenchmarkRefreshPostFormBaseline is the least any client does: POST the
// same form to the same endpoint and read the response body.
func BenchmarkRefreshPostFormBaseline(b *testing.B) {
	body := perfTokenResponse(b, "")
	srv := perfRefreshEndpoint(b, body)
	form := url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {"first-refresh-token"},
		"client_id": {"dkconnect"}, "client_secret": {"secret"},
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		resp, err := http.PostForm(srv.URL+"/token", form)
		if err != nil {
			b.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || len(got) != len(body) {
			b.Fatalf("HTTP %d, %d bytes, %v", resp.StatusCode, len(got), err)
		}
	}
}

// BenchmarkRefreshOAuth2Only is x/oauth2's TokenSource refresh on the same
// endpoint (what Provider.Refresh called before TokenClient replaced it),
// kept as a reference point for the client's own cost.
func BenchmarkRefreshOAuth2Only(b *testing.B) {
	body := perfTokenResponse(b, "")
	srv := perfRefreshEndpoint(b, body)
	client, err := auth.NewHTTPClient(auth.HTTPOptions{})
	if err != nil {
		b.Fatal(err)
	}
	cfg := &oauth2.Config{ClientID: "dkconnect", ClientSecret: "secret",
		Endpoint: oauth2.Endpoint{TokenURL: srv.URL + "/token", AuthStyle: oauth2.AuthStyleInParams}}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, client)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		tok, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: "first-refresh-token"}).Token()
		if err != nil || tok.AccessToken == "" {
			b.Fatalf("token %v: %v", tok, err)
		}
	}
}

// BenchmarkRefreshTokenClientOnly is TokenClient.Token's refresh on the same
// endpoint: the form POST, the body kept and parsed, without the three
// decodes, KeepIDToken and the history event — the part x/oauth2 used to do
// (compare BenchmarkRefreshOAuth2Only).
func BenchmarkRefreshTokenClientOnly(b *testing.B) {
	body := perfTokenResponse(b, "")
	srv := perfRefreshEndpoint(b, body)
	client, err := auth.NewHTTPClient(auth.HTTPOptions{})
	if err != nil {
		b.Fatal(err)
	}
	tc := newTokenClient(auth.Profile{Client: auth.Client{ClientID: "dkconnect", ClientSecret: "secret"}}, discovery.Resolved{Endpoints: auth.Endpoints{TokenURL: srv.URL + "/token"}}, Env{HTTP: client}.withDefaults())
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"first-refresh-token"}}
	ctx := context.Background()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		a, err := tc.post(ctx, "refresh", "the token endpoint", tc.tokenURL, form, nil)
		if err != nil {
			b.Fatal(err)
		}
		if tr, err := parseTokenResponse(a); err != nil || tr.AccessToken == "" {
			b.Fatalf("token %v: %v", tr, err)
		}
	}
}
