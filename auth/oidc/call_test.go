package oidc

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

func TestCallSendsBearerAndReadsJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("Authorization") != "Bearer at-1" || r.Method != http.MethodPost || string(b) != `{"x":1}` || r.Header.Get("X-Test") != "yes" {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_request"`)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	a, err := Call(t.Context(), Env{HTTP: srv.Client()}, CallRequest{Method: "post", URL: srv.URL + "/api",
		Header: http.Header{"X-Test": {"yes"}}, Body: []byte(`{"x":1}`)}, CallToken{AccessToken: "at-1"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != 200 || string(a.JSON) != `{"ok":true}` || a.Scheme != "Bearer" || ExplainRefusal(a) != nil {
		t.Fatalf("answer = %+v", a)
	}
}

func TestCallDPoPRetriesWithNonceAndExplainsChallenges(t *testing.T) {
	key, err := jose.NewDPoPKey()
	if err != nil {
		t.Fatal(err)
	}
	tries := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tries++
		proof := jose.UnverifiedDecode(r.Header.Get("DPoP"))
		nonce, _ := proof.Claim("nonce")
		switch {
		case !strings.HasPrefix(r.Header.Get("Authorization"), "DPoP "):
			w.WriteHeader(http.StatusUnauthorized)
		case nonce.Raw == nil:
			w.Header().Set("DPoP-Nonce", "n-1")
			w.Header().Set("WWW-Authenticate", `DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"`)
			w.WriteHeader(http.StatusUnauthorized)
		default:
			w.Header().Set("WWW-Authenticate", `Bearer realm="api", DPoP algs="ES256", error="insufficient_scope", scope="orders:write", resource_metadata="https://api/.well-known/oauth-protected-resource"`)
			w.WriteHeader(http.StatusForbidden)
		}
	}))
	defer srv.Close()
	a, err := Call(t.Context(), Env{HTTP: srv.Client()}, CallRequest{URL: srv.URL + "/orders?x=1"}, CallToken{AccessToken: "at", DPoP: key})
	if err != nil {
		t.Fatal(err)
	}
	if tries != 2 || a.Status != http.StatusForbidden || len(a.Challenges) != 2 {
		t.Fatalf("tries %d, answer %+v", tries, a)
	}
	r := ExplainRefusal(a)
	if r == nil || r.Scheme != "DPoP" || r.Error != "insufficient_scope" || r.Scope != "orders:write" || r.Fix != FixLogin ||
		!strings.Contains(r.Explanation, "orders:write") || r.ResourceMetadata == "" {
		t.Fatalf("refusal = %+v", r)
	}
}

func TestCallWithoutTokenShowsChallengeAndKeepsEvents(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="demo", scope="api:read"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, "event: tick\ndata: 1\n\ndata: 2\n")
	}))
	defer srv.Close()
	a, err := Call(t.Context(), Env{HTTP: srv.Client()}, CallRequest{URL: srv.URL}, CallToken{})
	if err != nil {
		t.Fatal(err)
	}
	r := ExplainRefusal(a)
	if a.Status != 401 || a.Scheme != "" || r == nil || r.Fix != FixLogin || r.Scope != "api:read" || !strings.Contains(r.Explanation, "realm demo") {
		t.Fatalf("answer %+v refusal %+v", a, r)
	}
	a, err = Call(t.Context(), Env{HTTP: srv.Client()}, CallRequest{URL: srv.URL}, CallToken{AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(a.Events, "|"); got != "event: tick|data: 1||data: 2" || a.JSON != nil {
		t.Fatalf("events %q", got)
	}
	if _, err := Call(t.Context(), Env{HTTP: srv.Client()}, CallRequest{URL: "ftp://x"}, CallToken{}); err == nil {
		t.Error("an ftp URL was called")
	}
	if _, err := Call(t.Context(), Env{HTTP: srv.Client()}, CallRequest{URL: "http://127.0.0.1:1/"}, CallToken{}); err == nil {
		t.Error("no answer, yet no error")
	}
}
