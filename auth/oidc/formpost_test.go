package oidc

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"golang.org/x/net/html"
)

// formBrowser opens a URL and then submits every form the pages show, as
// a browser running the demo provider's scripts would: the sign-in form
// with the decision it was given, the form_post page as it is. The POST to
// the loopback listener is a real request through its handler.
type formBrowser struct {
	t        *testing.T
	decision string // approve or deny on the sign-in page
	posts    chan string
	done     chan string // the last page's body
}

func newFormBrowser(t *testing.T, decision string) *formBrowser {
	return &formBrowser{t: t, decision: decision, posts: make(chan string, 8), done: make(chan string, 1)}
}

func (b *formBrowser) Open(u string) error {
	go func() {
		resp, err := http.Get(u)
		for i := 0; err == nil && i < 5; i++ {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			action, form, ok := firstForm(string(body))
			if !ok {
				b.done <- string(body)
				return
			}
			if _, has := form["request"]; has {
				form.Set("decision", b.decision)
			}
			target, perr := resp.Request.URL.Parse(action)
			if perr != nil {
				err = perr
				break
			}
			b.posts <- target.String()
			resp, err = http.PostForm(target.String(), form)
		}
		if err != nil {
			b.t.Logf("form browser: %v", err)
		}
		b.done <- ""
	}()
	return nil
}

// firstForm finds the page's first form: its action and hidden inputs.
func firstForm(page string) (action string, form url.Values, ok bool) {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return "", nil, false
	}
	form = url.Values{}
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.ElementNode && n.Data == "form" && !ok {
			ok, in = true, true
			action = attr(n, "action")
		}
		if in && n.Type == html.ElementNode && n.Data == "input" && attr(n, "type") == "hidden" {
			form.Add(attr(n, "name"), attr(n, "value"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(doc, false)
	return action, form, ok
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// signInEnv starts the demo provider with its sign-in page (no auto-approve).
func signInEnv(t *testing.T) *httptest.Server {
	t.Helper()
	idp, err := demoidp.New(demoidp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(idp.Handler())
	t.Cleanup(srv.Close)
	idp.SetIssuer(srv.URL)
	return srv
}

// rp-response_mode-form_post and its error variant: the provider posts the
// authorization response to the loopback listener.
func TestLoginResponseModeFormPost(t *testing.T) {
	for _, tc := range []struct {
		name, decision string
		wantErr        string // "" for a login that succeeds
	}{
		{"rp-response_mode-form_post", "approve", ""},
		{"rp-response_mode-form_post-error", "deny", "access_denied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := signInEnv(t)
			p := demoProfile(srv.URL)
			p.ResponseMode = auth.ResponseModeFormPost
			b := newFormBrowser(t, tc.decision)
			pr := newTestProvider(t, p, b.Open)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			ts, err := pr.Login(ctx, LoginOptions{})
			var posted []string
			for len(b.posts) > 0 {
				posted = append(posted, <-b.posts)
			}
			if len(posted) != 2 || !strings.HasPrefix(posted[1], "http://127.0.0.1:") || !strings.HasSuffix(posted[1], "/callback") {
				t.Errorf("forms posted to %v; want the sign-in form, then the loopback /callback", posted)
			}
			if tc.wantErr == "" {
				if err != nil || ts.AccessToken == "" {
					t.Fatalf("Login = %v, %v; want tokens", ts, err)
				}
				if page := <-b.done; !strings.Contains(page, "Login complete") {
					t.Errorf("the listener answered %.200q; want Login complete", page)
				}
				return
			}
			var ce *auth.CallbackError
			if !errors.As(err, &ce) || ce.Code != tc.wantErr || ce.Description != "The user denied the request" {
				t.Fatalf("Login error = %v; want the posted %s with its error_description", err, tc.wantErr)
			}
		})
	}
}

// With form_post the listener takes only POSTs of a url-encoded form with
// this login's state; a GET redirect or a forged post is refused and the
// login goes on.
func TestLoopbackFormPostGuards(t *testing.T) {
	p := demoProfile("http://127.0.0.1:1")
	p.Issuer = ""
	p.AuthURL, p.TokenURL = "http://127.0.0.1:1/authorize", "http://127.0.0.1:1/token"
	p.ResponseMode = auth.ResponseModeFormPost
	opened := make(chan string, 1)
	pr := newTestProvider(t, p, func(u string) error { opened <- u; return nil })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	errc := make(chan error, 1)
	go func() { _, err := pr.Login(ctx, LoginOptions{}); errc <- err }()
	au, _ := url.Parse(<-opened)
	q := au.Query()
	if q.Get("response_mode") != "form_post" {
		t.Errorf("response_mode = %q; want form_post", q.Get("response_mode"))
	}
	cb := q.Get("redirect_uri")
	state := q.Get("state")
	post := func(ct, body string) int {
		resp, err := http.Post(cb, ct, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	resp, err := http.Get(cb + "?" + url.Values{"code": {"c"}, "state": {state}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET redirect under form_post: %d; want 405", resp.StatusCode)
	}
	if c := post("application/x-www-form-urlencoded", url.Values{"code": {"c"}, "state": {"forged"}}.Encode()); c != http.StatusBadRequest {
		t.Errorf("post with a wrong state: %d; want 400", c)
	}
	if c := post("text/plain", url.Values{"code": {"c"}, "state": {state}}.Encode()); c != http.StatusBadRequest {
		t.Errorf("post that is not a form: %d; want 400", c)
	}
	if c := post("application/x-www-form-urlencoded", url.Values{"error": {"invalid_request"}, "error_description": {"bad thing"}, "state": {state}}.Encode()); c != http.StatusOK {
		t.Errorf("posted error response: %d; want 200 (the error page)", c)
	}
	var ce *auth.CallbackError
	if err := <-errc; !errors.As(err, &ce) || ce.Code != "invalid_request" || ce.Description != "bad thing" {
		t.Errorf("Login = %v; want the posted invalid_request error", err)
	}
}
