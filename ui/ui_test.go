package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/export"
)

func TestLoginFillsTheThreeViews(t *testing.T) {
	h := newHarness(t, nil)
	ts := h.login()
	v := h.u.views
	for _, tv := range []*tokenView{v.access, v.refreshTok, v.id} {
		if tv.decoded.Format != jose.FormatJWT || !tv.body.Visible() {
			t.Errorf("%s: format %q visible %v; want a JWT shown", tv.title, tv.decoded.Format, tv.body.Visible())
		}
		if !strings.HasPrefix(tv.format.Text, "JWT · RS256") {
			t.Errorf("%s format = %q", tv.title, tv.format.Text)
		}
		if !strings.Contains(tv.signature.Text, "verified") {
			t.Errorf("%s signature = %q; want verified", tv.title, tv.signature.Text)
		}
	}
	if v.access.decoded.Raw != ts.AccessToken {
		t.Error("access view shows another token")
	}
	var names []string
	for _, r := range v.access.rows {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, ","); !strings.HasPrefix(got, "header.alg,header.kid,header.typ,sub,scope,iss") {
		t.Errorf("claim rows = %s", got)
	}
	if !strings.Contains(h.u.status.message.Text, "Logged in as qa@example.test") {
		t.Errorf("status = %q", h.u.status.message.Text)
	}
	if !strings.Contains(v.refreshTok.links.Text, "ati = the access token's jti ✓") {
		t.Errorf("refresh links = %q", v.refreshTok.links.Text)
	}
	if v.tabAccess.title() != "Access  2:00" {
		t.Errorf("access tab = %q; want the countdown", v.tabAccess.title())
	}
	if !strings.Contains(v.response.raw.Text, `"token_type": "bearer"`) || strings.Contains(v.response.raw.Text, ts.AccessToken) {
		t.Errorf("response view must show the JSON with tokens masked:\n%s", v.response.raw.Text)
	}
	test.Tap(v.response.show)
	if !strings.Contains(v.response.raw.Text, ts.AccessToken) {
		t.Error("Show token values did not reveal the token")
	}
	if v.tabs.Selected() != v.tabAccess {
		t.Error("the access token is not shown after the login")
	}
}

func TestCountdownStates(t *testing.T) {
	h := newHarness(t, nil)
	ts := h.login()
	iat, exp := ts.Access.IssuedAt, ts.Access.ExpiresAt
	for _, tc := range []struct {
		at   time.Time
		text string
		imp  widget.Importance
	}{
		{iat.Add(1 * time.Second), "expires in 1:59", widget.SuccessImportance},
		{exp.Add(-12 * time.Second), "expires in 0:12", widget.WarningImportance}, // last 10% of 2:00
		{exp.Add(12 * time.Second), "expired 0:12 ago (within the 0:30 clock skew allowance)", widget.WarningImportance},
		{exp.Add(42 * time.Second), "expired 0:42 ago", widget.DangerImportance},
	} {
		h.u.Tick(tc.at)
		if got := h.u.views.access.countdown.Text; got != tc.text {
			t.Errorf("at %s: countdown %q; want %q", tc.at.Format("15:04:05"), got, tc.text)
		}
		if got := h.u.views.access.countdown.Importance; got != tc.imp {
			t.Errorf("at %s: importance %v; want %v", tc.at.Format("15:04:05"), got, tc.imp)
		}
	}
	if !strings.HasPrefix(h.u.views.tabAccess.title(), "Access  -0:42") {
		t.Errorf("tab = %q", h.u.views.tabAccess.title())
	}
}

func TestRefreshRotatesUpdatesAndCopiesBearer(t *testing.T) {
	h := newHarness(t, nil)
	first := h.login()
	h.advance(30 * time.Second)
	test.Tap(h.u.bar.refresh)
	h.settle()
	ts := h.u.tokens()
	if ts == first || ts.Access.JTI == first.Access.JTI || ts.RefreshToken == first.RefreshToken {
		t.Fatal("refresh did not rotate the tokens")
	}
	if got := h.clipboard(); got != "Bearer "+ts.AccessToken {
		t.Errorf("clipboard = %.40q; want Bearer + new access token", got)
	}
	v := h.u.views
	if v.access.decoded.Raw != ts.AccessToken {
		t.Error("access view not updated")
	}
	if f, _ := v.access.decoded.Claim("jti"); !strings.Contains(string(f.Raw), ts.Access.JTI) {
		t.Error("claims not updated")
	}
	msg := h.u.status.message.Text
	if !strings.Contains(msg, "refresh token rotated ("+short(first.Refresh.JTI)+" → "+short(ts.Refresh.JTI)+")") {
		t.Errorf("status = %q", msg)
	}
	if rows := historyRows(v.history); len(rows) != 2 || !strings.Contains(rows[0], "refresh  ✓") {
		t.Errorf("history = %q", rows)
	}
}

func TestRefreshFailureKeepsTokensOnScreen(t *testing.T) {
	h := newHarness(t, nil)
	first := h.login()
	h.failRefreshes("down")
	test.Tap(h.u.bar.refresh)
	h.settle()
	if h.u.tokens() != first || h.u.views.access.decoded.Raw != first.AccessToken {
		t.Fatal("tokens replaced after a failed refresh")
	}
	if !strings.Contains(h.u.status.message.Text, "503") || !strings.Contains(h.u.status.hint.Text, "kept") {
		t.Errorf("status = %q / %q", h.u.status.message.Text, h.u.status.hint.Text)
	}
	if h.u.status.relogin.Visible() {
		t.Error("Log in again offered for a server error")
	}
	// An expired refresh token: invalid_grant offers "Log in again".
	h.failRefreshes("")
	h.advance(2 * time.Hour)
	test.Tap(h.u.bar.refresh)
	h.settle()
	if !strings.Contains(h.u.status.message.Text, "invalid_grant") || !h.u.status.relogin.Visible() {
		t.Errorf("status = %q, relogin visible %v", h.u.status.message.Text, h.u.status.relogin.Visible())
	}
	if h.u.views.access.decoded.Raw != first.AccessToken {
		t.Error("tokens gone after invalid_grant")
	}
	test.Tap(h.u.status.relogin)
	h.settle()
	if h.u.tokens() == first {
		t.Error("Log in again did not log in")
	}
}

// A second Refresh (click, Ctrl+R, menu) while one runs starts nothing new,
// and the shared result still copies the Bearer.
func TestRefreshWhileRefreshingDoesNothing(t *testing.T) {
	h := newHarness(t, nil)
	h.login()
	h.holdRefreshes()
	test.Tap(h.u.bar.refresh)
	h.waitRefreshes(1)
	if !h.u.bar.refresh.Disabled() {
		t.Error("Refresh stays enabled while a refresh runs")
	}
	h.u.win.Canvas().(fyne.Shortcutable).TypedShortcut(shortcutRefresh) // Ctrl+R while it runs
	h.u.onRefresh()                                                     // the menu item while it runs
	h.unblock()
	h.settle()
	if got := h.refreshes(); got != 1 {
		t.Errorf("refresh grants = %d; want 1", got)
	}
	if n := h.log.count("Refreshing…"); n != 1 {
		t.Errorf("the window said Refreshing… %d times; want 1", n)
	}
	if got := h.clipboard(); got != h.u.tokens().Bearer() {
		t.Error("the shared refresh did not copy the new Bearer")
	}
}

// Bug 1 in the window: a refresh overtaken by a login never puts the old
// family's Bearer on the clipboard.
func TestRefreshOvertakenByALoginLeavesTheClipboard(t *testing.T) {
	h := newHarness(t, nil)
	h.login()
	h.u.deps.Clipboard.SetContent("the user's own text")
	h.holdRefreshes()
	test.Tap(h.u.bar.refresh)
	h.waitRefreshes(1)
	test.Tap(h.u.bar.login)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(h.u.status.message.Text, "Logged in") {
		if time.Now().After(deadline) {
			t.Fatalf("login did not finish: %q", h.u.status.message.Text)
		}
		h.thread.run()
		time.Sleep(time.Millisecond)
	}
	login := h.u.tokens()
	h.unblock()
	h.settle()
	if h.u.tokens() != login {
		t.Error("the overtaken refresh replaced the login's tokens")
	}
	if got := h.clipboard(); got != "the user's own text" {
		t.Errorf("clipboard = %.30q; the overtaken refresh must not copy", got)
	}
	if !strings.Contains(h.u.status.message.Text, "dropped") {
		t.Errorf("status = %q; want the refresh said dropped", h.u.status.message.Text)
	}
}

// Bug 2 in the window: a slow refresh of one profile leaves another's
// Refresh working.
func TestSlowRefreshOfOneProfileLeavesAnotherFree(t *testing.T) {
	h := newHarness(t, nil)
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin = "second", false
	if _, err := h.ws.SaveProfile("", p); err != nil {
		t.Fatal(err)
	}
	h.settle()
	h.u.bar.profileSelect.SetSelected("demo")
	h.login()
	h.u.bar.profileSelect.SetSelected("second")
	second := h.login()
	h.u.bar.profileSelect.SetSelected("demo")
	h.holdRefreshes()
	test.Tap(h.u.bar.refresh)
	h.waitRefreshes(1)
	h.u.bar.profileSelect.SetSelected("second")
	h.thread.run()
	if h.u.bar.refresh.Disabled() {
		t.Fatal("Refresh of the second profile is disabled while the first one refreshes")
	}
	test.Tap(h.u.bar.refresh)
	h.waitRefreshes(2)
	h.unblock()
	h.settle()
	if h.u.tokens() == second {
		t.Error("the second profile was not refreshed")
	}
}

func TestDecodeTab(t *testing.T) {
	h := newHarness(t, nil)
	ts := h.login()
	d := h.u.decodeView()
	d.input.SetText("Bearer " + ts.AccessToken)
	if d.view.decoded.Format != jose.FormatJWT || d.view.decoded.JTI != ts.Access.JTI {
		t.Errorf("decoded %q jti %q", d.view.decoded.Format, d.view.decoded.JTI)
	}
	parts := strings.SplitN(ts.AccessToken, ".", 3)
	d.input.SetText("eyJhbGciOiJSUzI1NiIsInR5cCI6pXVCJ9." + parts[1] + "." + parts[2]) // Decathlon's damaged header
	if _, ok := d.view.decoded.Claim("sub"); !ok || !d.view.problems.Visible() || !strings.Contains(d.view.problems.Text, "header") {
		t.Errorf("damaged header: claims %d, problems %q", len(d.view.decoded.Claims), d.view.problems.Text)
	}
	d.input.SetText("2YotnFZFEjr1zCsicMWpAA")
	if d.view.decoded.Format != jose.FormatOpaque || !strings.Contains(d.view.format.Text, "opaque · 22 chars") {
		t.Errorf("opaque: %q", d.view.format.Text)
	}
	d.input.SetText("")
	if d.view.body.Visible() {
		t.Error("empty input still shows a token")
	}
}

func TestProfileFormSaveAndReload(t *testing.T) {
	h := newHarness(t, nil)
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
	h.settle()
	if h.u.bar.profileSelect.Selected != "acme" || h.u.current().Profile.ClientID != "acme-cli" {
		t.Fatalf("selected %q; status %q", h.u.bar.profileSelect.Selected, h.u.status.message.Text)
	}
	if !strings.Contains(h.u.status.message.Text, "Saved profile acme to "+h.cfg.Path()) {
		t.Errorf("status = %q", h.u.status.message.Text)
	}
	b, err := os.ReadFile(h.cfg.Path())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "typed-secret") {
		t.Error("a typed client secret was written to the config file")
	}
	cfg, err := config.LoadConfig(h.cfg.Path())
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
	saved := h.u.saveProfile(f, auth.Profile{})
	h.settle()
	if _, ok := h.ws.Snapshot("bad"); ok || saved || !f.problem.Visible() || !strings.Contains(f.problem.Text, "Not saved") {
		t.Errorf("bad profile: saved %v, the form says %q", saved, f.problem.Text)
	}
}

// Bug 3 in the window: renaming in the form leaves one profile, not two.
func TestProfileFormRenameMovesTheProfile(t *testing.T) {
	h := newHarness(t, nil)
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin = "before", false
	if _, err := h.ws.SaveProfile("", p); err != nil {
		t.Fatal(err)
	}
	h.settle()
	h.u.bar.profileSelect.SetSelected("before")
	ts := h.login()
	h.u.onEditProfile()
	f := h.u.profileFormOpen
	f.name.SetText("after")
	h.u.saveProfile(f, h.u.current().Profile)
	h.settle()
	opts := strings.Join(h.u.bar.profileSelect.Options, ",")
	if strings.Contains(opts, "before") || !strings.Contains(opts, "after") || h.u.bar.profileSelect.Selected != "after" {
		t.Fatalf("profiles %s, selected %q; want before renamed to after", opts, h.u.bar.profileSelect.Selected)
	}
	if h.u.tokens() != ts {
		t.Error("the session did not follow the rename")
	}
}

func TestKeyboardShortcuts(t *testing.T) {
	h := newHarness(t, nil)
	c := h.u.win.Canvas().(fyne.Shortcutable)
	c.TypedShortcut(shortcutLogin)
	h.settle()
	ts := h.u.tokens()
	if ts == nil {
		t.Fatal("Ctrl+L did not log in")
	}
	c.TypedShortcut(shortcutBearer)
	if h.clipboard() != "Bearer "+ts.AccessToken {
		t.Error("Ctrl+Shift+C did not copy the bearer")
	}
	c.TypedShortcut(shortcutRefresh)
	h.settle()
	if h.u.tokens() == ts || h.clipboard() != "Bearer "+h.u.tokens().AccessToken {
		t.Error("Ctrl+R did not refresh and copy")
	}
	c.TypedShortcut(shortcutDecode)
	if h.u.views.tabs.Selected() != h.u.views.tabDecode {
		t.Error("Ctrl+D did not open the Decode tab")
	}
}

// Auto-refresh from the toolbar: it runs on the workspace's clock, says
// so, and leaves the user's clipboard alone.
func TestAutoRefreshFromTheToolbarLeavesTheClipboard(t *testing.T) {
	h := newHarness(t, nil)
	ts := h.login()
	h.u.deps.Clipboard.SetContent("the user's own text")
	test.Tap(h.u.bar.auto)
	h.settle()
	h.advance(ts.Access.ExpiresAt.Add(-31 * time.Second).Sub(h.clock.Now()))
	if h.u.tokens() != ts {
		t.Fatal("auto-refresh ran too early")
	}
	h.advance(time.Second)
	if h.u.tokens() == ts {
		t.Fatal("auto-refresh did not run 30 s before expiry")
	}
	if got := h.clipboard(); got != "the user's own text" {
		t.Errorf("auto-refresh replaced the clipboard with %.30q", got)
	}
	if !strings.HasPrefix(h.u.status.message.Text, "Auto-refreshed") {
		t.Errorf("status = %q", h.u.status.message.Text)
	}
	if !h.u.bar.auto.Checked {
		t.Error("the auto-refresh check was cleared")
	}
}

func TestCopyButtonsOnAccessView(t *testing.T) {
	h := newHarness(t, nil)
	ts := h.login()
	h.u.copyAccess("Authorization: Bearer ", "Authorization header")
	if h.clipboard() != "Authorization: Bearer "+ts.AccessToken {
		t.Errorf("header copy = %.40q", h.clipboard())
	}
	h.u.onCopyCurl()
	if !strings.HasPrefix(h.clipboard(), "curl -H 'Authorization: Bearer "+ts.AccessToken+"' 'http") {
		t.Errorf("curl copy = %.60q", h.clipboard())
	}
	if strings.Contains(h.u.status.message.Text, ts.AccessToken) {
		t.Error("status line shows the token")
	}
}

func TestExportWritesAPrivateFileAndSaysWhere(t *testing.T) {
	h := newHarness(t, nil)
	ts := h.login()
	path := filepath.Join(t.TempDir(), "demo.postman_environment.json")
	h.u.onExport(export.Postman, path)
	h.settle()
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), ts.AccessToken) || strings.Contains(string(data), ts.RefreshToken) {
		t.Fatalf("export file: %v\n%.200s", err, data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v; want 0600", fi.Mode().Perm())
	}
	if !strings.Contains(statusOf(h.u), "Exported to "+path) {
		t.Errorf("status = %q", statusOf(h.u))
	}
}

func TestStartupProblemsAreSaid(t *testing.T) {
	h := newHarness(t, nil)
	u := New(h.app, Deps{Workspace: h.ws, Clipboard: h.app.Clipboard(), Do: h.thread.do,
		StartupProblems: []string{"config.json:3:7: unexpected end of JSON input", `config: unknown field "colour"`}})
	defer u.win.Close()
	if !strings.Contains(statusOf(u), "config.json:3:7") || !strings.Contains(statusOf(u), "colour") {
		t.Errorf("status = %q", statusOf(u))
	}
}

// The status line shows no lone icon before there is anything to say, and
// its icon with the first message.
func TestStatusIconOnlyWithAMessage(t *testing.T) {
	h := newHarness(t, nil)
	if msg := h.u.status.message.Text; msg != "" {
		t.Fatalf("a fresh window says %q", msg)
	}
	if h.u.status.icon.Visible() {
		t.Error("an empty status line shows its icon")
	}
	h.login()
	if h.u.status.message.Text == "" || !h.u.status.icon.Visible() {
		t.Errorf("after login: message %q, icon shown %v", h.u.status.message.Text, h.u.status.icon.Visible())
	}
}
