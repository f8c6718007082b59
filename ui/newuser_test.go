package ui

import (
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// The fixes of "seen when tried as a new user would" (issue 13), one test each.

// waitUntil draws what the window is handed until cond holds; a login
// waiting for the browser keeps the workspace busy, so settle cannot.
func (h *harness) waitUntil(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s; status %q", what, statusOf(h.u))
		}
		h.thread.run()
		time.Sleep(time.Millisecond)
	}
}

// openHeld lets the browser open the login URL it was handed.
func (h *harness) openHeld() {
	h.t.Helper()
	h.mu.Lock()
	urls := h.heldURLs
	h.heldURLs, h.holdBrowser = nil, false
	h.mu.Unlock()
	if len(urls) == 0 {
		h.t.Fatal("no login URL was handed to the browser")
	}
	resp, err := http.Get(urls[len(urls)-1])
	if err != nil {
		h.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// startWaitingLogin starts a login whose browser does not answer yet.
func (h *harness) startWaitingLogin() {
	h.t.Helper()
	h.mu.Lock()
	h.holdBrowser = true
	h.mu.Unlock()
	test.Tap(h.u.bar.login)
	h.waitUntil("the waiting panel", func() bool { return h.u.status.url.Visible() && h.u.status.cancel.Visible() })
}

func TestCopyURLKeepsTheWaitingPanel(t *testing.T) {
	h := newHarness(t, nil)
	h.startWaitingLogin()
	url := h.u.status.url.Text
	test.Tap(h.u.status.copyURL)
	if h.clipboard() != url {
		t.Errorf("clipboard = %.40q; want the login URL", h.clipboard())
	}
	st := h.u.status
	if !st.cancel.Visible() || !st.url.Visible() || !st.copyURL.Visible() {
		t.Fatalf("after Copy URL: cancel %v url %v copy %v; the panel must stay while the login waits", st.cancel.Visible(), st.url.Visible(), st.copyURL.Visible())
	}
	if !strings.Contains(st.message.Text, "Waiting for the browser") || !st.hint.Visible() || !strings.Contains(st.hint.Text, "Copied login URL") {
		t.Errorf("message %q hint %q; want the waiting message and the copy said under it", st.message.Text, st.hint.Text)
	}
	// Another action's message while waiting also leaves the panel.
	h.u.onCopyBearer()
	if !st.cancel.Visible() {
		t.Error("a second message hid Cancel while the login waits")
	}
	h.openHeld()
	h.settle()
	if st.cancel.Visible() || st.url.Visible() || !strings.Contains(st.message.Text, "Logged in") {
		t.Errorf("after the login: cancel %v url %v message %q", st.cancel.Visible(), st.url.Visible(), st.message.Text)
	}
}

func TestLoginTokensBringTheWindowToTheFront(t *testing.T) {
	h := newHarness(t, nil)
	raised := 0
	h.u.raise = func() { raised++ }
	h.startWaitingLogin()
	if raised != 0 {
		t.Fatalf("raised %d times before the tokens came", raised)
	}
	h.openHeld()
	h.settle()
	if raised != 1 {
		t.Errorf("raised %d times when the tokens came; want 1", raised)
	}
	test.Tap(h.u.bar.refresh)
	h.settle()
	h.u.bar.profileSelect.SetSelected(h.u.bar.profileSelect.Options[0])
	h.settle()
	if raised != 1 {
		t.Errorf("raised %d times after a refresh; only a login raises", raised)
	}
}

func TestOpaqueRefreshTokensGetFingerprints(t *testing.T) {
	h := newHarness(t, nil)
	h.opaque = newOpaqueRefresh(0)
	first := h.login()
	if first.Refresh.Format != jose.FormatOpaque {
		t.Fatalf("refresh token format %q; the test wants an opaque one", first.Refresh.Format)
	}
	if got := h.u.views.tabRefresh.title(); got != "Refresh  opaque" {
		t.Errorf("nav says %q; want what is known: opaque", got)
	}
	h.advance(10 * time.Second)
	test.Tap(h.u.bar.refresh)
	h.settle()
	ts := h.u.tokens()
	a, b := jose.Fingerprint(first.RefreshToken), jose.Fingerprint(ts.RefreshToken)
	if len(a) != 9 || a == b {
		t.Fatalf("fingerprints %q %q", a, b)
	}
	if msg := h.u.status.message.Text; !strings.Contains(msg, "refresh token rotated ("+a+" → "+b+")") {
		t.Errorf("status = %q; want the fingerprints of the opaque tokens", msg)
	}
	if line := historyRows(h.u.views.history)[0]; !strings.Contains(line, a+" → "+b) {
		t.Errorf("history line = %q", line)
	}
}

func TestOpaqueRefreshTokenExpiryFromTheResponse(t *testing.T) {
	h := newHarness(t, nil)
	h.opaque = newOpaqueRefresh(1800)
	h.login()
	if got := h.u.views.tabRefresh.title(); got != "Refresh  30:00" {
		t.Errorf("nav says %q; want refresh_expires_in counted down", got)
	}
	if got := h.u.views.refreshTok.countdown.Text; got != "expires in 30:00" {
		t.Errorf("countdown %q", got)
	}
}

// unsignedJWT builds a token with the given claims JSON, for the Decode tab.
func unsignedJWT(claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc([]byte(claims)) + "."
}

func rowOf(t *testing.T, v *tokenView, name string) claimRow {
	t.Helper()
	for _, r := range v.rows {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no row %q", name)
	return claimRow{}
}

func TestEmptyArraysAndObjectsRead(t *testing.T) {
	h := newHarness(t, nil)
	d := h.u.decodeView()
	d.input.SetText(unsignedJWT(`{"sub":"x","aud":[],"ext":{},"roles":[]}`))
	for _, c := range []struct{ name, value, hint string }{
		{"aud", "[]", "names no audience"},
		{"ext", "{}", "empty object"},
		{"roles", "[]", "empty array"},
	} {
		r := rowOf(t, d.view, c.name)
		if r.Value != c.value || !strings.Contains(r.Readable, c.hint) {
			t.Errorf("%s: value %q readable %q; want %q with a hint %q", c.name, r.Value, r.Readable, c.value, c.hint)
		}
	}
}

func TestLinksOneLineEachInWords(t *testing.T) {
	h := newHarness(t, nil)
	h.login()
	v := h.u.views
	if got := v.refreshTok.links.Text; got != "• this token's ati = the access token's jti ✓" {
		t.Errorf("refresh links = %q", got)
	}
	lines := strings.Split(v.access.links.Text, "\n")
	if len(lines) != 2 || lines[0] != "• the refresh token's ati = this token's jti ✓" || lines[1] != "• the ID token's at_hash = this token's hash ✓" {
		t.Errorf("access links = %q; want one line per link", lines)
	}
	if got := v.id.links.Text; got != "• this token's at_hash = the access token's hash ✓" {
		t.Errorf("ID links = %q", got)
	}
	if r := rowOf(t, v.refreshTok, "ati"); !strings.Contains(r.Readable, "= the access token's jti ✓") {
		t.Errorf("ati row = %q", r.Readable)
	}
}

func TestLongAgoExpiryInWords(t *testing.T) {
	h := newHarness(t, nil)
	now := h.clock.Now()
	exp := now.AddDate(-7, 0, -3)
	d := h.u.decodeView()
	d.input.SetText(unsignedJWT(`{"sub":"x","exp":` + itoa(exp.Unix()) + `}`))
	if got := d.view.countdown.Text; got != "expired 7 years ago" {
		t.Errorf("countdown %q; want expired 7 years ago", got)
	}
	if got := d.view.expiresAt.Text; !strings.Contains(got, exp.Local().Format("2006-01-02 15:04:05")) {
		t.Errorf("exact time = %q", got)
	}
	if r := rowOf(t, d.view, "exp"); !strings.Contains(r.Readable, exp.Local().Format("2006-01-02 15:04:05")) {
		t.Errorf("exp row = %q; want the exact time", r.Readable)
	}
	d.input.SetText(unsignedJWT(`{"sub":"x","exp":` + itoa(now.Add(50*time.Hour).Unix()) + `}`))
	if got := d.view.countdown.Text; got != "expires in 2 days" {
		t.Errorf("countdown %q", got)
	}
	d.input.SetText(unsignedJWT(`{"sub":"x","exp":` + itoa(now.Add(-90*time.Minute).Unix()) + `}`))
	if got := d.view.countdown.Text; got != "expired 1:30:00 ago" {
		t.Errorf("countdown %q; under a day stays exact", got)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestEscCancelsAWaitingLogin(t *testing.T) {
	h := newHarness(t, nil)
	h.startWaitingLogin()
	esc := &fyne.KeyEvent{Name: fyne.KeyEscape}
	h.u.win.Canvas().OnTypedKey()(esc)
	h.waitUntil("the login to end", func() bool { return h.u.current().State != workspace.LoggingIn })
	h.settle()
	if h.u.current().State != workspace.LoggedOut || h.u.status.cancel.Visible() || h.u.status.message.Text != "Login cancelled." {
		t.Errorf("after Esc: state %v, cancel shown %v, status %q", h.u.current().State, h.u.status.cancel.Visible(), h.u.status.message.Text)
	}
	h.u.win.Canvas().OnTypedKey()(esc) // nothing waits: nothing happens
	h.settle()
	if h.u.status.message.Text != "Login cancelled." {
		t.Errorf("a second Esc said %q", h.u.status.message.Text)
	}
}

func TestCopyLoginURLShortcut(t *testing.T) {
	h := newHarness(t, nil)
	h.startWaitingLogin()
	h.u.win.Canvas().(fyne.Shortcutable).TypedShortcut(shortcutCopyURL)
	if h.clipboard() != h.u.status.url.Text || !h.u.status.cancel.Visible() {
		t.Errorf("clipboard %.30q, cancel shown %v", h.clipboard(), h.u.status.cancel.Visible())
	}
	if h.log.count("status panel kept: URL shown, Copy URL shown, Cancel shown") != 1 {
		t.Errorf("log:\n%s", h.log.text())
	}
}
