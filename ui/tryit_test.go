package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/trace"
)

// send fills the Try it form's URL and presses Send.
func (h *harness) send(v *tryItView, url string) {
	h.t.Helper()
	v.url.SetText(url)
	test.Tap(v.send)
	h.settle()
}

func TestTryItSendsAndExplainsATokenForAnotherResource(t *testing.T) {
	h := newHarness(t, nil)
	ts := h.login() // the demo profile asks for no resource: its token has no aud
	h.u.views.tabs.Select(h.u.views.tabTryIt)
	v := h.u.tryItView()
	if v.url.Text != h.u.current().Endpoints.UserinfoURL {
		t.Fatalf("the URL is %q, want the userinfo endpoint (the profile has no resource)", v.url.Text)
	}
	h.send(v, v.url.Text)
	if !strings.HasPrefix(v.status.Text, "HTTP 200 OK") || !strings.Contains(v.status.Text, "Bearer token "+ts.Access.Ref()) ||
		!strings.Contains(v.respBody.Text, "\n  \"sub\": ") || v.fixes.Visible() || v.copyBody.Disabled() {
		t.Fatalf("userinfo through Try it: status %q, body %q", v.status.Text, v.respBody.Text)
	}
	if !strings.Contains(statusOf(h.u), "The API answered HTTP 200") {
		t.Errorf("status line %q", statusOf(h.u))
	}
	test.Tap(v.copyBody)
	if h.clipboard() != v.bodyText || !strings.Contains(h.clipboard(), `"sub"`) {
		t.Errorf("Copy body put %q on the clipboard", h.clipboard())
	}

	// The demo API takes only tokens issued for it: this one is refused,
	// and the view says why and offers a refresh.
	h.send(v, h.iss+"/api/orders")
	if !strings.HasPrefix(v.status.Text, "HTTP 401") || !v.fixes.Visible() ||
		!strings.Contains(v.refusal.Text, "invalid_token") || !strings.Contains(v.refusal.Text, "another resource") ||
		v.fix.Text != "Refresh and send again" || !strings.Contains(v.respHdr.Text, "Www-Authenticate: Bearer") {
		t.Fatalf("401: status %q, refusal %q, fix %q", v.status.Text, v.refusal.Text, v.fix.Text)
	}
	if st := statusOf(h.u); !strings.Contains(st, "The API answered HTTP 401") || !strings.Contains(st, "| Refused: invalid_token — Try it says what it means and offers Refresh and send again.") {
		t.Errorf("status line after the 401: %q", st)
	}
	if !v.forAPI.Visible() {
		t.Error("the API names its metadata (RFC 9728), yet no New profile for this API…")
	}
	test.Tap(v.forAPI)
	if f := h.u.fromAPIOpen; f == nil || f.url.Text != h.iss+"/api/orders" {
		t.Error("New profile for this API… did not open the dialog with the API's URL")
	} else {
		f.d.Hide()
	}
	test.Tap(v.fix)
	h.settle()
	if h.refreshes() != 1 || h.u.tokens().AccessToken == ts.AccessToken || !strings.Contains(v.status.Text, "Bearer token "+h.u.tokens().Access.Ref()) {
		t.Errorf("Refresh and send again: %d refreshes, status %q", h.refreshes(), v.status.Text)
	}

	h.send(v, "http://127.0.0.1:1/api")
	if !strings.HasPrefix(v.status.Text, "No answer: call: ") {
		t.Errorf("no answer: %q", v.status.Text)
	}

	v.headers.SetText("X-Ok: 1\nno colon here")
	test.Tap(v.send)
	h.settle()
	if !strings.Contains(v.status.Text, "Not sent: header line 2") {
		t.Errorf("a bad header line: %q", v.status.Text)
	}
}

func TestTryItLoggedOutOffersLoginWithTheScopeAsked(t *testing.T) {
	h := newHarness(t, nil)
	h.u.views.tabs.Select(h.u.views.tabTryIt)
	v := h.u.tryItView()
	h.send(v, h.iss+"/api/orders")
	if !strings.HasPrefix(v.status.Text, "HTTP 401") || !strings.Contains(v.status.Text, "no token") ||
		!strings.Contains(v.refusal.Text, "wants a token") || v.fix.Text != "Log in with scope orders.read" {
		t.Fatalf("logged out: status %q, refusal %q, fix %q", v.status.Text, v.refusal.Text, v.fix.Text)
	}
	test.Tap(v.fix)
	h.settle()
	s := h.u.current()
	if s.Tokens == nil || !s.Profile.HasScope("orders.read") {
		t.Fatalf("after Log in with scope: tokens %v, scopes %v; status %q", s.Tokens != nil, s.Profile.Scopes, statusOf(h.u))
	}
}

// nopWriteCloser is a buffer the window can write a file into.
type nopWriteCloser struct{ *bytes.Buffer }

func (nopWriteCloser) Close() error { return nil }

func TestTraceViewListsTheLatestOperationAndSavesHAR(t *testing.T) {
	h := newHarness(t, nil)
	h.u.views.tabs.Select(h.u.views.tabTrace)
	v := h.u.traceView()
	if !strings.HasPrefix(v.summary.Text, "No request recorded yet.") || !v.save.Disabled() || len(v.rows) != 0 {
		t.Fatalf("before any request: summary %q, Save enabled %v", v.summary.Text, !v.save.Disabled())
	}
	ts := h.login()
	if len(v.rows) < 3 || v.rows[0].Op != "login" || !strings.Contains(v.summary.Text, "of the latest login") {
		t.Fatalf("after login: %d rows, summary %q", len(v.rows), v.summary.Text)
	}
	kinds := map[string]bool{}
	for i, e := range v.rows {
		kinds[e.Kind] = true
		if e.Op != "login" || (i > 0 && e.Started.After(v.rows[i-1].Started)) {
			t.Errorf("row %d: %s at %s (want the login's, newest first)", i, e.Op, e.Started)
		}
	}
	if !kinds[trace.KindBrowser] || !kinds[trace.KindCallback] || !kinds[trace.KindRequest] {
		t.Errorf("the login's rows lack the authorization URL, the callback or the token request: %v", kinds)
	}
	if v.selected != 0 || !strings.Contains(v.detail.Text, v.rows[0].Method+" ") {
		t.Errorf("the newest row is not shown: %q", v.detail.Text)
	}
	for i := range v.rows {
		v.list.Select(i)
		if strings.Contains(v.detail.Text, ts.AccessToken) || strings.Contains(v.detail.Text, ts.RefreshToken) {
			t.Errorf("row %d shows a token", i)
		}
		if strings.HasSuffix(v.rows[i].URL, "/token") && !strings.Contains(v.detail.Text, "\ncode_verifier=<redacted: code_verifier, sha256 #") {
			t.Errorf("the token request's detail: %s", v.detail.Text)
		}
	}
	logins := len(v.rows)
	test.Tap(v.all)
	if len(v.rows) <= logins || !strings.Contains(v.summary.Text, "requests kept") {
		t.Errorf("All: %d rows (the login had %d)", len(v.rows), logins)
	}
	test.Tap(v.all)

	test.Tap(h.u.bar.refresh)
	h.settle()
	if len(v.rows) != 1 || v.rows[0].Op != "refresh" || v.rows[0].Status != 200 {
		t.Fatalf("after a refresh: %+v", v.rows)
	}

	var buf bytes.Buffer
	h.u.saveTrace(h.u.profile, h.u.current().Trace, nopWriteCloser{&buf})
	for start := time.Now(); !strings.Contains(statusOf(h.u), "Saved") && time.Since(start) < 10*time.Second; {
		time.Sleep(time.Millisecond)
		h.settle() // the file is written off the UI goroutine, which then says so
	}
	if err := trace.ValidateHAR(buf.Bytes()); err != nil {
		t.Fatalf("the saved trace: %v", err)
	}
	for _, tok := range []string{ts.AccessToken, ts.RefreshToken, ts.IDToken, h.u.tokens().AccessToken, h.u.tokens().RefreshToken} {
		if strings.Contains(buf.String(), tok) {
			t.Errorf("the saved trace holds a token (%.12s…)", tok)
		}
	}
	if !strings.Contains(statusOf(h.u), "Saved") || !strings.Contains(statusOf(h.u), "HAR 1.2, secrets redacted") {
		t.Errorf("status %q", statusOf(h.u))
	}
}

// Each profile keeps its own Try it request while another is shown:
// switching back finds the method, URL, headers and body as they were
// left; a profile shown for the first time starts from its own URL.
func TestTryItKeepsEachProfilesRequest(t *testing.T) {
	h := newHarness(t, nil)
	h.u.views.tabs.Select(h.u.views.tabTryIt)
	v := h.u.tryItView()
	first := h.u.current().Profile.Name
	v.method.SetSelected("POST")
	v.url.SetText(h.iss + "/api/orders")
	v.headers.SetText("Accept: application/json")
	v.body.SetText(`{"item":"sock"}`)

	h.saveDemoProfile("orders", func(p *auth.Profile) { p.Resources = []string{h.iss + "/api/inventory"} })
	if v.method.Selected != "GET" || v.url.Text != h.iss+"/api/inventory" || v.headers.Text != "" || v.body.Text != "" {
		t.Fatalf("a new profile's form: %s %q headers %q body %q; want GET to its resource, nothing else", v.method.Selected, v.url.Text, v.headers.Text, v.body.Text)
	}
	v.headers.SetText("X-Trace: 1")

	h.u.bar.profileSelect.SetSelected(first)
	h.settle()
	if v.method.Selected != "POST" || v.url.Text != h.iss+"/api/orders" || v.headers.Text != "Accept: application/json" || v.body.Text != `{"item":"sock"}` {
		t.Errorf("back on %s: %s %q headers %q body %q; want the request as it was left", first, v.method.Selected, v.url.Text, v.headers.Text, v.body.Text)
	}
	h.u.bar.profileSelect.SetSelected("orders")
	h.settle()
	if v.url.Text != h.iss+"/api/inventory" || v.headers.Text != "X-Trace: 1" {
		t.Errorf("back on orders: %q headers %q", v.url.Text, v.headers.Text)
	}

	// a rename keeps the request; a deleted profile's request is gone
	h.u.onEditProfile()
	f := h.u.profileFormOpen
	before := h.u.current().Profile
	f.name.SetText("inventory")
	if !h.u.saveProfile(f, before) {
		t.Fatal("rename not saved")
	}
	h.settle()
	if h.u.current().Profile.Name != "inventory" || v.headers.Text != "X-Trace: 1" {
		t.Errorf("after renaming to %q: headers %q; want the request kept", h.u.current().Profile.Name, v.headers.Text)
	}
	h.u.deleteProfile("inventory")
	h.settle()
	h.saveDemoProfile("inventory", func(p *auth.Profile) {})
	if v.headers.Text != "" {
		t.Errorf("a new profile named like a deleted one shows its headers %q", v.headers.Text)
	}
}
