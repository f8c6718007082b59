package oidc

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// refreshAsShipped refreshes old the way auth/workspace (refresh.go) and
// the refresh command do: Provider.RefreshSet with old's refresh token and
// DPoP key, then, on success, KeepIDToken. It also checks what every
// caller relies on to keep its tokens: old is never changed, and a failure
// returns no token set.
func refreshAsShipped(t testing.TB, ctx context.Context, pr *Provider, old *auth.TokenSet) (*auth.TokenSet, error) {
	t.Helper()
	var before auth.TokenSet
	if old != nil {
		before = *old
	}
	ts, err := pr.RefreshSet(ctx, old)
	if err == nil {
		auth.KeepIDToken(old, ts)
	} else if ts != nil {
		t.Errorf("RefreshSet returned %v with its error %v", ts, err)
	}
	if old != nil && !reflect.DeepEqual(*old, before) {
		t.Errorf("the refresh changed the token set it started from: %v, was %v", old, &before)
	}
	if ts != nil && ts == old {
		t.Error("the refresh returned the token set it started from")
	}
	return ts, err
}

func TestRefreshRotates(t *testing.T) {
	pr, first, idp := loginDemo(t, demoidp.Options{})
	ts, err := refreshAsShipped(t, context.Background(), pr, first)
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if ts.RefreshToken == first.RefreshToken || ts.RefreshKept {
		t.Errorf("refresh token not rotated (kept=%v)", ts.RefreshKept)
	}
	if ts.Access.JTI == first.Access.JTI {
		t.Errorf("access jti unchanged: %q", ts.Access.JTI)
	}
	// The history event the workspace records for it.
	ev := history.NewEvent(history.EventRefresh, pr.Now(), first, ts, err)
	if !ev.OK() || !ev.RefreshRotated {
		t.Fatalf("event = %+v; want a rotated refresh", ev)
	}
	if ev.AccessJTI != [2]string{first.Access.JTI, ts.Access.JTI} {
		t.Errorf("AccessJTI = %v", ev.AccessJTI)
	}
	if !strings.Contains(strings.Join(ev.Changed, ","), "jti") {
		t.Errorf("Changed = %v; want jti among them", ev.Changed)
	}
	// The old refresh token is dead now: reuse is refused.
	if _, err := pr.Refresh(context.Background(), first.RefreshToken); !auth.NeedsLogin(err) {
		t.Errorf("reusing the old refresh token: %v; want invalid_grant", err)
	}
	if st := idp.Stats(); st.RefreshGrants != 1 || st.RefreshReuses != 1 {
		t.Errorf("provider saw %d refresh grants and %d reuses; want 1 and 1", st.RefreshGrants, st.RefreshReuses)
	}
}

// tokenEndpoint serves canned token responses and counts requests.
type tokenEndpoint struct {
	calls   atomic.Int32
	handler func(w http.ResponseWriter, r *http.Request)
}

func newTokenEndpoint(t *testing.T, h func(w http.ResponseWriter, r *http.Request)) (*tokenEndpoint, *Provider) {
	te := &tokenEndpoint{handler: h}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		te.calls.Add(1)
		te.handler(w, r)
	}))
	t.Cleanup(srv.Close)
	p := auth.Profile{Name: "x", Endpoints: auth.Endpoints{AuthURL: srv.URL + "/authorize", TokenURL: srv.URL + "/token"}, Client: auth.Client{ClientID: "c", ClientSecret: "s"}}
	return te, newTestProvider(t, p, nil)
}

func jsonReply(status int, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// restored is a token set holding refresh as its refresh token.
func restored(refresh string) *auth.TokenSet {
	return &auth.TokenSet{AccessToken: "old-access", RefreshToken: refresh}
}

func TestRefreshReturningTheSameTokenIsNotRotation(t *testing.T) {
	_, pr := newTokenEndpoint(t, jsonReply(200, `{"access_token":"new-access","refresh_token":"rt-1","token_type":"Bearer"}`))
	old := restored("rt-1")
	ts, err := refreshAsShipped(t, context.Background(), pr, old)
	if err != nil {
		t.Fatal(err)
	}
	if ts.RefreshRotated || ts.RefreshKept || history.NewEvent(history.EventRefresh, pr.Now(), old, ts, nil).RefreshRotated {
		t.Errorf("RefreshRotated = %v, kept = %v; want neither for the same token sent back", ts.RefreshRotated, ts.RefreshKept)
	}
}

func TestRefreshWithoutIDTokenKeepsTheLogins(t *testing.T) {
	_, pr := newTokenEndpoint(t, jsonReply(200, `{"access_token":"new-access","refresh_token":"rt-2","token_type":"Bearer"}`))
	old := &auth.TokenSet{AccessToken: "a", RefreshToken: "rt-1", IDToken: "id-token", ID: jose.UnverifiedDecode("id-token")}
	ts, err := refreshAsShipped(t, context.Background(), pr, old)
	if err != nil {
		t.Fatal(err)
	}
	if ts.IDToken != "id-token" || !ts.IDKept || !ts.RefreshRotated {
		t.Errorf("IDToken = %q, IDKept = %v, RefreshRotated = %v", ts.IDToken, ts.IDKept, ts.RefreshRotated)
	}
}

func TestRefreshWithoutRotationKeepsOldRefreshToken(t *testing.T) {
	_, pr := newTokenEndpoint(t, jsonReply(200, `{"access_token":"new-access","token_type":"Bearer","expires_in":300}`))
	old := restored("rt-1")
	ts, err := refreshAsShipped(t, context.Background(), pr, old)
	if err != nil {
		t.Fatal(err)
	}
	if ts.RefreshToken != "rt-1" || !ts.RefreshKept {
		t.Errorf("RefreshToken = %q, kept = %v; want rt-1 kept", ts.RefreshToken, ts.RefreshKept)
	}
	if history.NewEvent(history.EventRefresh, pr.Now(), old, ts, nil).RefreshRotated {
		t.Error("history says rotated")
	}
}

func TestRefreshSendsClientAuth(t *testing.T) {
	for _, tc := range []struct {
		auth       auth.ClientAuth
		wantSecret string // in the body
		wantBasic  bool
	}{{auth.AuthPost, "s", false}, {auth.AuthBasic, "", true}, {auth.AuthNone, "", false}} {
		t.Run(string(tc.auth), func(t *testing.T) {
			var got struct {
				secret, grant, rt, id string
				basic                 bool
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				r.ParseForm()
				_, _, got.basic = r.BasicAuth()
				got.secret, got.grant, got.rt, got.id = r.PostForm.Get("client_secret"), r.PostForm.Get("grant_type"), r.PostForm.Get("refresh_token"), r.PostForm.Get("client_id")
				jsonReply(200, `{"access_token":"a","token_type":"bearer"}`)(w, r)
			}))
			defer srv.Close()
			p := auth.Profile{Name: "x", Endpoints: auth.Endpoints{AuthURL: srv.URL, TokenURL: srv.URL}, Client: auth.Client{ClientID: "c", ClientSecret: "s", ClientAuth: tc.auth}}
			if _, err := newTestProvider(t, p, nil).Refresh(context.Background(), "rt"); err != nil {
				t.Fatal(err)
			}
			if got.grant != "refresh_token" || got.rt != "rt" {
				t.Errorf("grant_type=%q refresh_token=%q", got.grant, got.rt)
			}
			if got.secret != tc.wantSecret || got.basic != tc.wantBasic {
				t.Errorf("client_secret=%q basic=%v; want %q %v", got.secret, got.basic, tc.wantSecret, tc.wantBasic)
			}
			if !tc.wantBasic && got.id != "c" {
				t.Errorf("client_id = %q; want c in the body", got.id)
			}
		})
	}
}

func TestRefreshFailuresKeepTokens(t *testing.T) {
	dropped := func(w http.ResponseWriter, r *http.Request) {
		conn, _, _ := w.(http.Hijacker).Hijack()
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"access_tok")
		conn.Close()
	}
	for _, tc := range []struct {
		name      string
		h         func(http.ResponseWriter, *http.Request)
		dead      bool
		wantInErr string
	}{
		{"invalid_grant", jsonReply(400, `{"error":"invalid_grant","error_description":"Token is expired"}`), true, "invalid_grant: Token is expired (HTTP 400)"},
		{"invalid_client", jsonReply(401, `{"error":"invalid_client"}`), false, "invalid_client"},
		{"500", jsonReply(500, `oops`), false, "HTTP 500"},
		{"503 html", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(503)
		}, false, "HTTP 503"},
		{"dropped connection", dropped, false, "refresh"},
		{"html with 200", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html>login</html>")
		}, false, "refresh"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, pr := newTokenEndpoint(t, tc.h)
			_, err := refreshAsShipped(t, context.Background(), pr, restored("rt-1"))
			if err == nil || !strings.Contains(err.Error(), tc.wantInErr) {
				t.Fatalf("Refresh error = %v; want it to mention %q", err, tc.wantInErr)
			}
			if auth.NeedsLogin(err) != tc.dead {
				t.Errorf("NeedsLogin = %v; want %v", auth.NeedsLogin(err), tc.dead)
			}
		})
	}
}

func TestRefreshDeadNetworkKeepsTokens(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	p := auth.Profile{Name: "x", Endpoints: auth.Endpoints{AuthURL: "http://" + addr, TokenURL: "http://" + addr + "/token"}, Client: auth.Client{ClientID: "c", ClientSecret: "s"}}
	if _, err := refreshAsShipped(t, context.Background(), newTestProvider(t, p, nil), restored("rt")); err == nil || auth.NeedsLogin(err) {
		t.Fatalf("Refresh error = %v; want a network error", err)
	}
}

func TestInvalidGrantHint(t *testing.T) {
	_, pr := newTokenEndpoint(t, jsonReply(400, `{"error":"invalid_grant"}`))
	_, err := pr.Refresh(context.Background(), "rt")
	var oe *auth.OAuthError
	if !errors.As(err, &oe) || oe.Status != 400 || !strings.Contains(oe.Hint(), "log in again") {
		t.Fatalf("err = %#v; want OAuthError 400 with a log-in-again hint", err)
	}
}

func TestRefreshWithoutRefreshToken(t *testing.T) {
	te, pr := newTokenEndpoint(t, jsonReply(200, `{}`))
	if _, err := pr.Refresh(context.Background(), ""); err == nil {
		t.Fatal("want an error")
	}
	if te.calls.Load() != 0 {
		t.Error("sent a request without a refresh token")
	}
}
