package ui

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// fakeClock is a settable clock shared by the window and the demo provider.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// harness is a window wired to a demo provider on httptest and a browser
// that follows redirects (the demo provider auto-approves).
type harness struct {
	t      *testing.T
	u      *UI
	idp    *demoidp.Server
	clock  *fakeClock
	cfg    *auth.Config
	block  chan struct{} // when non-nil, /token waits for it to close
	mu     sync.Mutex
	opened []string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, clock: &fakeClock{t: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)}}
	idp, err := demoidp.New(demoidp.Options{AutoApprove: true, Now: h.clock.Now, KeyBits: 1024})
	if err != nil {
		t.Fatal(err)
	}
	h.idp = idp
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		block := h.block
		h.mu.Unlock()
		if block != nil && r.URL.Path == "/token" {
			<-block
		}
		idp.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	idp.SetIssuer(srv.URL)
	cfg, err := auth.LoadConfig(filepath.Join(t.TempDir(), "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	h.cfg = cfg
	browser := func(u string) error {
		h.mu.Lock()
		h.opened = append(h.opened, u)
		h.mu.Unlock()
		resp, err := http.Get(u)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	}
	providers := func(ctx context.Context, p auth.Profile) (*auth.Provider, error) {
		if p.Demo {
			p.Issuer = srv.URL
		}
		return auth.NewProvider(ctx, p, auth.Env{HTTP: &http.Client{Timeout: 10 * time.Second}, Now: h.clock.Now, Open: browser})
	}
	a := test.NewTempApp(t)
	h.u = New(a, Deps{Config: cfg, Providers: providers, Now: h.clock.Now, Clipboard: a.Clipboard()})
	t.Cleanup(func() { h.u.waitJobs(); h.u.win.Close() })
	return h
}

func (h *harness) login() *auth.TokenSet {
	h.t.Helper()
	test.Tap(h.u.login)
	h.u.waitJobs()
	ts := h.u.current()
	if ts == nil {
		h.t.Fatalf("no tokens after login; status: %q", h.u.status.message.Text)
	}
	return ts
}

func (h *harness) clipboard() string { return h.u.deps.Clipboard.Content() }

func TestLoginFillsTheThreeViews(t *testing.T) {
	h := newHarness(t)
	ts := h.login()
	for _, v := range []*tokenView{h.u.access, h.u.refreshTok, h.u.id} {
		if v.decoded.Format != auth.FormatJWT || !v.body.Visible() {
			t.Errorf("%s: format %q visible %v; want a JWT shown", v.title, v.decoded.Format, v.body.Visible())
		}
		if !strings.HasPrefix(v.format.Text, "JWT · RS256") {
			t.Errorf("%s format = %q", v.title, v.format.Text)
		}
		if !strings.Contains(v.signature.Text, "verified") {
			t.Errorf("%s signature = %q; want verified", v.title, v.signature.Text)
		}
	}
	if h.u.access.decoded.Raw != ts.AccessToken {
		t.Error("access view shows another token")
	}
	// Claims in token order, after the header.
	var names []string
	for _, r := range h.u.access.rows {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, ","); !strings.HasPrefix(got, "header.alg,header.kid,header.typ,sub,scope,iss") {
		t.Errorf("claim rows = %s", got)
	}
	if !strings.Contains(h.u.status.message.Text, "Logged in as qa@example.test") {
		t.Errorf("status = %q", h.u.status.message.Text)
	}
	if !strings.Contains(h.u.refreshTok.links.Text, "ati = access token ✓") {
		t.Errorf("refresh links = %q", h.u.refreshTok.links.Text)
	}
	if h.u.tabAccess.Text != "Access  2:00" {
		t.Errorf("access tab = %q; want the countdown", h.u.tabAccess.Text)
	}
	if !strings.Contains(h.u.response.raw.Text, `"token_type": "bearer"`) || strings.Contains(h.u.response.raw.Text, ts.AccessToken) {
		t.Errorf("response view must show the JSON with tokens masked:\n%s", h.u.response.raw.Text)
	}
	test.Tap(h.u.response.show)
	if !strings.Contains(h.u.response.raw.Text, ts.AccessToken) {
		t.Error("Show token values did not reveal the token")
	}
}

func TestCountdownStates(t *testing.T) {
	h := newHarness(t)
	ts := h.login()
	iat, exp := ts.Access.IssuedAt, ts.Access.ExpiresAt
	for _, tc := range []struct {
		at   time.Time
		text string
		imp  widget.Importance
	}{
		{iat.Add(1 * time.Second), "expires in 1:59", widget.SuccessImportance},
		{exp.Add(-12 * time.Second), "expires in 0:12", widget.WarningImportance}, // last 10% of 2:00
		{exp.Add(12 * time.Second), "expired 0:12 ago", widget.DangerImportance},
	} {
		h.u.Tick(tc.at)
		if got := h.u.access.countdown.Text; got != tc.text {
			t.Errorf("at %s: countdown %q; want %q", tc.at.Format("15:04:05"), got, tc.text)
		}
		if got := h.u.access.countdown.Importance; got != tc.imp {
			t.Errorf("at %s: importance %v; want %v", tc.at.Format("15:04:05"), got, tc.imp)
		}
	}
	if !strings.HasPrefix(h.u.tabAccess.Text, "Access  -0:12") {
		t.Errorf("tab = %q", h.u.tabAccess.Text)
	}
}

func TestRefreshRotatesUpdatesAndCopiesBearer(t *testing.T) {
	h := newHarness(t)
	first := h.login()
	h.clock.Set(h.clock.Now().Add(30 * time.Second))
	test.Tap(h.u.refresh)
	h.u.waitJobs()
	ts := h.u.current()
	if ts == first || ts.Access.JTI == first.Access.JTI || ts.RefreshToken == first.RefreshToken {
		t.Fatal("refresh did not rotate the tokens")
	}
	if got := h.clipboard(); got != "Bearer "+ts.AccessToken {
		t.Errorf("clipboard = %.40q; want Bearer + new access token", got)
	}
	if h.u.access.decoded.Raw != ts.AccessToken {
		t.Error("access view not updated")
	}
	if f, _ := h.u.access.decoded.Claim("jti"); !strings.Contains(string(f.Raw), ts.Access.JTI) {
		t.Error("claims not updated")
	}
	msg := h.u.status.message.Text
	if !strings.Contains(msg, "refresh token rotated ("+short(first.Refresh.JTI)+" → "+short(ts.Refresh.JTI)+")") {
		t.Errorf("status = %q", msg)
	}
	if len(h.u.history.lines) != 2 || !strings.Contains(h.u.history.lines[0], "refresh  ✓") {
		t.Errorf("history = %q", h.u.history.lines)
	}
}

func TestRefreshFailureKeepsTokensOnScreen(t *testing.T) {
	h := newHarness(t)
	first := h.login()
	h.idp.FailNext(1, http.StatusServiceUnavailable)
	test.Tap(h.u.refresh)
	h.u.waitJobs()
	if h.u.current() != first || h.u.access.decoded.Raw != first.AccessToken {
		t.Fatal("tokens replaced after a failed refresh")
	}
	if !strings.Contains(h.u.status.message.Text, "503") || !strings.Contains(h.u.status.hint.Text, "kept") {
		t.Errorf("status = %q / %q", h.u.status.message.Text, h.u.status.hint.Text)
	}
	if h.u.status.relogin.Visible() {
		t.Error("Log in again offered for a server error")
	}
	// An expired refresh token: invalid_grant offers "Log in again".
	h.clock.Set(h.clock.Now().Add(2 * time.Hour))
	test.Tap(h.u.refresh)
	h.u.waitJobs()
	if !strings.Contains(h.u.status.message.Text, "invalid_grant") || !h.u.status.relogin.Visible() {
		t.Errorf("status = %q, relogin visible %v", h.u.status.message.Text, h.u.status.relogin.Visible())
	}
	if h.u.access.decoded.Raw != first.AccessToken {
		t.Error("tokens gone after invalid_grant")
	}
	test.Tap(h.u.status.relogin)
	h.u.waitJobs()
	if h.u.current() == first {
		t.Error("Log in again did not log in")
	}
}

// A second Refresh (click or Ctrl+R) while one runs starts nothing new.
func TestRefreshWhileRefreshingDoesNothing(t *testing.T) {
	h := newHarness(t)
	h.login()
	before := h.idp.Stats().RefreshGrants
	var mu sync.Mutex
	var refreshes int // "Refreshing…" lines: refreshes the window started
	h.u.status.logf = func(format string, args ...any) {
		if strings.Contains(fmt.Sprintf(format, args...), "Refreshing…") {
			mu.Lock()
			refreshes++
			mu.Unlock()
		}
	}
	block := make(chan struct{})
	h.mu.Lock()
	h.block = block
	h.mu.Unlock()
	test.Tap(h.u.refresh)
	h.u.win.Canvas().(fyne.Shortcutable).TypedShortcut(shortcutRefresh) // Ctrl+R while it runs
	h.u.onRefresh()                                                     // the menu item while it runs
	close(block)
	h.u.waitJobs()
	if got := h.idp.Stats().RefreshGrants - before; got != 1 {
		t.Errorf("refresh grants = %d; want 1", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if refreshes != 1 {
		t.Errorf("the window started %d refreshes; want 1", refreshes)
	}
}

func TestDecodeTab(t *testing.T) {
	h := newHarness(t)
	ts := h.login()
	d := h.u.decode
	d.input.SetText("Bearer " + ts.AccessToken)
	if d.view.decoded.Format != auth.FormatJWT || d.view.decoded.JTI != ts.Access.JTI {
		t.Errorf("decoded %q jti %q", d.view.decoded.Format, d.view.decoded.JTI)
	}
	// Damaged header, good payload: claims shown, problem reported.
	parts := strings.SplitN(ts.AccessToken, ".", 3)
	d.input.SetText("eyJhbGciOiJSUzI1NiIsInR5cCI6pXVCJ9." + parts[1] + "." + parts[2]) // Decathlon's damaged header
	if _, ok := d.view.decoded.Claim("sub"); !ok || !d.view.problems.Visible() || !strings.Contains(d.view.problems.Text, "header") {
		t.Errorf("damaged header: claims %d, problems %q", len(d.view.decoded.Claims), d.view.problems.Text)
	}
	d.input.SetText("2YotnFZFEjr1zCsicMWpAA")
	if d.view.decoded.Format != auth.FormatOpaque || !strings.Contains(d.view.format.Text, "opaque · 22 chars") {
		t.Errorf("opaque: %q", d.view.format.Text)
	}
	d.input.SetText("")
	if d.view.body.Visible() {
		t.Error("empty input still shows a token")
	}
}

func TestProfileFormSaveAndReload(t *testing.T) {
	h := newHarness(t)
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	f.name.SetText("acme")
	f.issuer.SetText("https://login.acme.test")
	f.clientID.SetText("acme-cli")
	f.secret.SetText("typed-secret")
	f.clientAuth.SetSelected(string(auth.AuthBasic))
	f.scopes.SetText("openid offline_access")
	f.ports.SetText("8400, 8401")
	f.params.SetText("audience=api locale=fr")
	h.u.saveProfile(f, auth.Profile{})
	if h.u.profileSelect.Selected != "acme" || h.u.profile.ClientID != "acme-cli" {
		t.Fatalf("selected %q; status %q", h.u.profileSelect.Selected, h.u.status.message.Text)
	}
	b, err := os.ReadFile(h.cfg.Path())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "typed-secret") {
		t.Error("a typed client secret was written to the config file")
	}
	cfg, err := auth.LoadConfig(h.cfg.Path())
	if err != nil {
		t.Fatal(err)
	}
	p, ok := cfg.Find("acme")
	if !ok || p.Auth() != auth.AuthBasic || len(p.RedirectPorts) != 2 || p.AuthParams["audience"] != "api" || p.Scopes[1] != "offline_access" {
		t.Errorf("reloaded profile = %+v", p)
	}
	// A bad port is refused with a message, nothing saved.
	h.u.onNewProfile()
	f = h.u.profileFormOpen
	f.name.SetText("bad")
	f.ports.SetText("99999")
	h.u.saveProfile(f, auth.Profile{})
	if _, ok := h.cfg.Find("bad"); ok || !strings.Contains(h.u.status.message.Text, "not saved") {
		t.Errorf("bad profile: status %q", h.u.status.message.Text)
	}
}

func TestKeyboardShortcuts(t *testing.T) {
	h := newHarness(t)
	c := h.u.win.Canvas().(fyne.Shortcutable)
	c.TypedShortcut(shortcutLogin)
	h.u.waitJobs()
	ts := h.u.current()
	if ts == nil {
		t.Fatal("Ctrl+L did not log in")
	}
	c.TypedShortcut(shortcutBearer)
	if h.clipboard() != "Bearer "+ts.AccessToken {
		t.Error("Ctrl+Shift+C did not copy the bearer")
	}
	c.TypedShortcut(shortcutRefresh)
	h.u.waitJobs()
	if h.u.current() == ts || h.clipboard() != "Bearer "+h.u.current().AccessToken {
		t.Error("Ctrl+R did not refresh and copy")
	}
	c.TypedShortcut(shortcutDecode)
	if h.u.tabs.Selected() != h.u.tabDecode {
		t.Error("Ctrl+D did not open the Decode tab")
	}
}

func TestAutoRefresh(t *testing.T) {
	h := newHarness(t)
	ts := h.login()
	test.Tap(h.u.auto)
	h.u.Tick(ts.Access.ExpiresAt.Add(-31 * time.Second))
	h.u.waitJobs()
	if h.u.current() != ts {
		t.Fatal("auto-refresh ran too early")
	}
	h.u.Tick(ts.Access.ExpiresAt.Add(-30 * time.Second))
	h.u.waitJobs()
	if h.u.current() == ts {
		t.Fatal("auto-refresh did not run 30 s before expiry")
	}
}

func TestCopyButtonsOnAccessView(t *testing.T) {
	h := newHarness(t)
	ts := h.login()
	h.u.copyAccess("Authorization: Bearer ", "Authorization header")
	if h.clipboard() != "Authorization: Bearer "+ts.AccessToken {
		t.Errorf("header copy = %.40q", h.clipboard())
	}
	h.u.onCopyCurl()
	if !strings.HasPrefix(h.clipboard(), "curl -H 'Authorization: Bearer "+ts.AccessToken+"' http") {
		t.Errorf("curl copy = %.60q", h.clipboard())
	}
	if strings.Contains(h.u.status.message.Text, ts.AccessToken) {
		t.Error("status line shows the token")
	}
}

// at sets the shared clock and ticks the window there.
func (h *harness) at(t time.Time) {
	h.clock.Set(t)
	h.u.Tick(t)
	h.u.waitJobs()
}

func TestAutoRefreshLeavesTheClipboardAndRunsOncePerTokenSet(t *testing.T) {
	h := newHarness(t)
	ts := h.login()
	h.u.deps.Clipboard.SetContent("the user's own text")
	test.Tap(h.u.auto)
	due := ts.Access.ExpiresAt.Add(-30 * time.Second)
	h.at(due)
	if h.u.current() == ts {
		t.Fatal("auto-refresh did not run")
	}
	if got := h.clipboard(); got != "the user's own text" {
		t.Errorf("auto-refresh replaced the clipboard with %.30q", got)
	}
	if !strings.HasPrefix(h.u.status.message.Text, "Auto-refreshed") {
		t.Errorf("status = %q", h.u.status.message.Text)
	}
	grants := h.idp.Stats().RefreshGrants
	h.at(due.Add(11 * time.Second)) // the new token has 2:00 left: not due
	if got := h.idp.Stats().RefreshGrants; got != grants {
		t.Errorf("refresh grants went %d → %d for a token that is not due", grants, got)
	}
}

func TestAutoRefreshLeadLongerThanLifetimeDoesNotLoop(t *testing.T) {
	h := newHarness(t)
	ts := h.login()
	h.u.autoSeconds.SetText("600") // longer than the 2-minute lifetime: lead becomes 1:00
	test.Tap(h.u.auto)
	before := h.idp.Stats().RefreshGrants
	h.at(ts.Access.IssuedAt.Add(30 * time.Second))
	if h.u.current() != ts {
		t.Fatal("refreshed with 1:30 left; the lead should be half the lifetime")
	}
	h.at(ts.Access.ExpiresAt.Add(-60 * time.Second))
	h.at(ts.Access.ExpiresAt.Add(-49 * time.Second))
	if got := h.idp.Stats().RefreshGrants - before; got != 1 {
		t.Errorf("refresh grants = %d; want 1", got)
	}
}

func TestAutoRefreshBacksOffAfterFailures(t *testing.T) {
	h := newHarness(t)
	ts := h.login()
	test.Tap(h.u.auto)
	h.idp.FailNext(100, http.StatusServiceUnavailable)
	due := ts.Access.ExpiresAt.Add(-30 * time.Second)
	attempts := func() int64 { return h.idp.Stats().InjectedFailures }
	for i := 0; i <= 19; i++ { // 20 ticks, one per second
		h.at(due.Add(time.Duration(i) * time.Second))
	}
	if got := attempts(); got != 1 {
		t.Errorf("attempts in the first 20 s = %d; want 1 (then a 20 s pause)", got)
	}
	h.at(due.Add(20 * time.Second))
	if got := attempts(); got != 2 {
		t.Errorf("attempts after 20 s = %d; want 2", got)
	}
	if h.u.current() != ts || !strings.Contains(h.u.status.message.Text, "503") {
		t.Errorf("tokens kept %v, status %q", h.u.current() == ts, h.u.status.message.Text)
	}
}

func TestManualRefreshLiftsTheAutoRefreshPause(t *testing.T) {
	h := newHarness(t)
	h.login()
	test.Tap(h.u.auto)
	h.u.autoFor("demo").next = h.clock.Now().Add(time.Hour) // as after failures
	test.Tap(h.u.refresh)
	h.u.waitJobs()
	ts := h.u.current()
	h.at(ts.Access.ExpiresAt.Add(-30 * time.Second))
	if h.u.current() == ts {
		t.Error("auto-refresh still paused after a successful manual refresh")
	}
}
