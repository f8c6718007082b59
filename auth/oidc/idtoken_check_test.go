package oidc

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// An ID token with alg none (any case) is refused at login and at refresh:
// the error says why, no token set comes back, and the one the refresh
// started from is left as it was.
func TestUnsignedIDTokenRefused(t *testing.T) {
	seg := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	var mu sync.Mutex
	var nonce, alg string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/authorize":
			q := r.URL.Query()
			mu.Lock()
			nonce = q.Get("nonce")
			mu.Unlock()
			http.Redirect(w, r, q.Get("redirect_uri")+"?code=c&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
		case "/token":
			mu.Lock()
			id := seg(`{"alg":"`+alg+`","typ":"JWT"}`) + "." + seg(claimsWith(`"nonce":"`+nonce+`"`)) + "."
			if alg != "none" && alg != "NONE" {
				id += "c2ln"
			}
			mu.Unlock()
			jsonReply(200, `{"access_token":"at-`+alg+`","token_type":"Bearer","refresh_token":"rt-`+alg+`","id_token":"`+id+`"}`)(w, r)
		}
	}))
	defer srv.Close()
	p := auth.Profile{Name: "none", Endpoints: auth.Endpoints{AuthURL: srv.URL + "/authorize", TokenURL: srv.URL + "/token"}, Client: auth.Client{ClientID: "c", ClientAuth: auth.AuthNone}, GrantOptions: auth.GrantOptions{Scopes: []string{"openid"}}}
	pr := newTestProvider(t, p, newRedirectBrowser(t).Open)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	setAlg := func(a string) { mu.Lock(); alg = a; mu.Unlock() }

	for _, a := range []string{"none", "NONE"} {
		setAlg(a)
		ts, err := pr.Login(ctx, LoginOptions{})
		refused, ok := errors.AsType[*auth.RefusedAnswerError](err)
		if ts != nil || !ok || refused.Check != "alg" || !strings.Contains(err.Error(), "alg none: the token is not signed") ||
			!strings.Contains(err.Error(), "nothing from it was kept") {
			t.Fatalf("login with alg %s: %v, %v; want refused with the reason", a, ts, err)
		}
	}

	setAlg("RS256")
	first, err := pr.Login(ctx, LoginOptions{})
	if err != nil {
		t.Fatalf("login with a signed ID token: %v", err)
	}
	setAlg("none")
	// refreshAsShipped also fails the test if the refused answer touched first.
	if ts, err := refreshAsShipped(t, ctx, pr, first); ts != nil || err == nil || !strings.Contains(err.Error(), "refresh: the provider's answer fails the \"alg\" check") {
		t.Fatalf("refresh answered with alg none: %v, %v; want refused", ts, err)
	}
}
