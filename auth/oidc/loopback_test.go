package oidc

import (
	"context"
	"errors"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// loopbackLogin is a Login waiting on its loopback listener. The provider's
// /authorize is never visited: each row plays the browser (or an attacker
// on this machine) by talking to the listener itself, then usually sends
// the valid redirect, which must still complete the login. A refused
// request that had ended the login would make that last step fail, so no
// row needs to wait to prove that the login went on.
type loopbackLogin struct {
	redirectURI string // http://127.0.0.1:PORT/callback
	base        string // http://127.0.0.1:PORT
	port        int
	state       string
	done        chan loginResult
	client      *http.Client // no keep-alive: every request dials
}

type loginResult struct {
	ts  *auth.TokenSet
	err error
}

// goodCode is the only code the token endpoint accepts.
const goodCode = "good-c0de"

func startLoopbackLogin(t *testing.T, o LoginOptions) *loopbackLogin {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if r.PostForm.Get("code") != goodCode {
			jsonReply(400, `{"error":"invalid_grant","error_description":"wrong code"}`)(w, r)
			return
		}
		jsonReply(200, `{"access_token":"at-loopback","token_type":"Bearer","expires_in":60}`)(w, r)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	opened := make(chan string, 1)
	p := auth.Profile{Name: "loopback", Endpoints: auth.Endpoints{AuthURL: srv.URL + "/authorize", TokenURL: srv.URL + "/token"}, Client: auth.Client{ClientID: "c", ClientSecret: "s"}, GrantOptions: auth.GrantOptions{Scopes: []string{"api"}}}
	pr := newTestProvider(t, p, func(u string) error { opened <- u; return nil })

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // hang guard only
	t.Cleanup(cancel)
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	ll := &loopbackLogin{done: make(chan loginResult, 1), client: &http.Client{
		Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil},
		Timeout:   10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
	go func() {
		ts, err := pr.Login(ctx, o)
		ll.done <- loginResult{ts, err}
	}()
	t.Cleanup(func() { cancel(); <-ll.done })

	var authURL string
	select {
	case authURL = <-opened:
	case r := <-ll.done:
		t.Fatalf("Login ended before opening the browser: %v", r.err)
	}
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	ll.redirectURI, ll.state = u.Query().Get("redirect_uri"), u.Query().Get("state")
	ru, err := url.Parse(ll.redirectURI)
	if err != nil || ru.Path != "/callback" {
		t.Fatalf("redirect_uri = %q; want http://127.0.0.1:PORT/callback", ll.redirectURI)
	}
	ll.port, _ = strconv.Atoi(ru.Port())
	ll.base = strings.TrimSuffix(ll.redirectURI, "/callback")
	return ll
}

// get requests base+path; code 0 means the request failed (body: the error).
func (ll *loopbackLogin) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := ll.client.Get(ll.base + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// expect requests path and checks the status and that the page says want.
func (ll *loopbackLogin) expect(t *testing.T, path string, status int, want string) {
	t.Helper()
	code, body := ll.get(t, path)
	if code != status || !strings.Contains(body, want) {
		t.Errorf("GET %s = %d %.200q; want %d with %q", path, code, body, status, want)
	}
}

func (ll *loopbackLogin) q(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return "/callback?" + v.Encode()
}

func (ll *loopbackLogin) result(t *testing.T) loginResult {
	t.Helper()
	select {
	case r := <-ll.done:
		ll.done <- r // for the cleanup
		return r
	case <-time.After(20 * time.Second): // hang guard only
		t.Fatal("Login did not return")
		return loginResult{}
	}
}

// complete sends the valid redirect and checks that the login succeeds
// and that the page is neither cached nor leaks its URL (with the code)
// through Referer.
func (ll *loopbackLogin) complete(t *testing.T) {
	t.Helper()
	resp, err := ll.client.Get(ll.base + ll.q("code", goodCode, "state", ll.state))
	if err != nil {
		t.Fatalf("valid redirect: %v", err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "Login complete") {
		t.Errorf("valid redirect = %d %.200q; want 200 Login complete", resp.StatusCode, page)
	}
	if h := resp.Header; h.Get("Referrer-Policy") != "no-referrer" || h.Get("Cache-Control") != "no-store" {
		t.Errorf("page headers %v; want Referrer-Policy no-referrer and Cache-Control no-store", h)
	}
	if r := ll.result(t); r.err != nil || r.ts == nil || r.ts.AccessToken != "at-loopback" {
		t.Fatalf("Login = %v, %v; want the tokens for the valid code", r.ts, r.err)
	}
}

func TestLoopbackCallbackMatrix(t *testing.T) {
	const desc = `User said "no" <b>twice</b> & left`
	for _, tc := range []struct {
		name string
		opts LoginOptions
		run  func(t *testing.T, ll *loopbackLogin)
	}{
		{name: "wrong state is refused, the login goes on", run: func(t *testing.T, ll *loopbackLogin) {
			ll.expect(t, ll.q("code", goodCode, "state", "wrong"), 400, "state parameter does not match")
			ll.expect(t, ll.q("code", goodCode, "state", ll.state+"x"), 400, "state parameter does not match")
			ll.expect(t, ll.q("code", goodCode, "state", ll.state[:len(ll.state)-1]), 400, "state parameter does not match")
			ll.complete(t)
		}},
		{name: "missing state is refused", run: func(t *testing.T, ll *loopbackLogin) {
			ll.expect(t, ll.q("code", goodCode), 400, "state parameter does not match")
			ll.expect(t, ll.q("code", goodCode, "state", ""), 400, "state parameter does not match")
			ll.complete(t)
		}},
		{name: "missing code is refused", run: func(t *testing.T, ll *loopbackLogin) {
			ll.expect(t, ll.q("state", ll.state), 400, "neither a code nor an error")
			ll.expect(t, ll.q("state", ll.state, "code", ""), 400, "neither a code nor an error")
			ll.complete(t)
		}},
		{name: "error with a wrong state is refused", run: func(t *testing.T, ll *loopbackLogin) {
			ll.expect(t, ll.q("error", "access_denied", "error_description", "forged", "state", "wrong"), 400, "state parameter does not match")
			ll.complete(t)
		}},
		{name: "access_denied ends the login with the description verbatim", run: func(t *testing.T, ll *loopbackLogin) {
			code, page := ll.get(t, ll.q("error", "access_denied", "error_description", desc, "state", ll.state))
			if code != 200 || !strings.Contains(page, "Login failed") || !strings.Contains(page, html.EscapeString(desc)) {
				t.Errorf("error page = %d %q; want 200, Login failed and the escaped description", code, page)
			}
			if strings.Contains(page, "<b>twice") {
				t.Errorf("error page %q carries the description's markup unescaped", page)
			}
			r := ll.result(t)
			var ce *auth.CallbackError
			if !errors.As(r.err, &ce) || ce.Code != "access_denied" || ce.Description != desc {
				t.Fatalf("Login error = %#v; want a CallbackError access_denied with the description verbatim", r.err)
			}
			if want := "login: access_denied: " + desc; r.err.Error() != want {
				t.Errorf("error text = %q; want %q", r.err, want)
			}
		}},
		{name: "a second callback after success finds the listener closed", run: func(t *testing.T, ll *loopbackLogin) {
			ll.complete(t)
			if code, body := ll.get(t, ll.q("code", goodCode, "state", ll.state)); code != 0 {
				t.Errorf("a second callback got HTTP %d %.100q; want the connection refused", code, body)
			}
			if c, err := net.Dial("tcp", ll.base[len("http://"):]); err == nil {
				c.Close()
				t.Error("the listener still accepts connections after the login")
			}
		}},
		{name: "stray paths get 404", run: func(t *testing.T, ll *loopbackLogin) {
			for _, p := range []string{"/favicon.ico", "/", "/robots.txt", "/callback/x?code=" + goodCode + "&state=" + url.QueryEscape(ll.state), "/callbackx"} {
				ll.expect(t, p, 404, "")
			}
			ll.complete(t)
		}},
		{name: "headers that never finish are cut by ReadHeaderTimeout", opts: LoginOptions{readHeaderTimeout: 300 * time.Millisecond},
			run: func(t *testing.T, ll *loopbackLogin) {
				conn, err := net.Dial("tcp", ll.base[len("http://"):])
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				io.WriteString(conn, "GET "+ll.q("code", goodCode, "state", ll.state)+" HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
				conn.SetReadDeadline(time.Now().Add(5 * time.Second)) // far beyond the 300 ms, well below the 10 s default
				got, err := io.ReadAll(conn)
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() {
					t.Fatal("the listener kept a request with unfinished headers open")
				}
				if len(got) != 0 && !strings.HasPrefix(string(got), "HTTP/1.1 4") {
					t.Errorf("the unfinished request was answered %q", got)
				}
				ll.complete(t)
			}},
		{name: "the listener is bound to 127.0.0.1 only", run: func(t *testing.T, ll *loopbackLogin) {
			if u, _ := url.Parse(ll.redirectURI); u.Hostname() != "127.0.0.1" {
				t.Errorf("redirect_uri host = %q; want 127.0.0.1", u.Hostname())
			}
			port := strconv.Itoa(ll.port)
			if c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", port), 5*time.Second); err != nil {
				t.Fatalf("dialing the listener on 127.0.0.1: %v", err)
			} else {
				c.Close()
			}
			others := []string{"::1"}
			addrs, _ := net.InterfaceAddrs()
			for _, a := range addrs {
				if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && !ipn.IP.IsLinkLocalUnicast() {
					others = append(others, ipn.IP.String())
				}
			}
			t.Logf("addresses that must not reach the listener: %v", others)
			for _, ip := range others {
				if c, err := net.DialTimeout("tcp", net.JoinHostPort(ip, port), 2*time.Second); err == nil {
					c.Close()
					t.Errorf("the listener answers on %s", ip)
				}
			}
			ll.complete(t)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, startLoopbackLogin(t, tc.opts))
		})
	}
}
