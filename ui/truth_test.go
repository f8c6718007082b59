package ui

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// Issue 26, "always truthful": one state, one colour, everywhere.

// After invalid_grant the refresh token is shown dead in its view (the
// countdown, the bar, the checks), its navigation dot and the profile
// list; Refresh waits for a new login, and Ctrl+R says why.
func TestDeadRefreshTokenShownDeadEverywhere(t *testing.T) {
	h := newHarness(t, nil)
	h.login()
	h.failRefreshes("invalid_grant")
	test.Tap(h.u.bar.refresh)
	h.settle()
	v := h.u.views
	rv := v.refreshTok
	if got := rv.countdown.Text; !strings.HasPrefix(got, "dead") || rv.countdown.Importance != widget.DangerImportance {
		t.Errorf("refresh countdown %q (importance %v); want it dead, in red", got, rv.countdown.Importance)
	}
	if rv.lifetime.Visible() {
		t.Errorf("the lifetime bar shows %d%% left of a dead token", rv.lifetime.Percent())
	}
	if sum := rv.checks.summary.Text; !strings.Contains(sum, "failed") || rv.checks.summary.Importance != widget.DangerImportance {
		t.Errorf("checks summary %q (importance %v); want a failed check in red", sum, rv.checks.summary.Importance)
	}
	if !strings.Contains(rv.checks.text(), "invalid_grant") {
		t.Errorf("checks:\n%s\nwant the provider's refusal", rv.checks.text())
	}
	if v.tabRefresh.life != workspace.StandingDead || v.tabRefresh.title() != "Refresh  dead" {
		t.Errorf("navigation: %q standing %v; want dead", v.tabRefresh.title(), v.tabRefresh.life)
	}
	row := h.u.profiles.row(h.u.profile)
	if row.life != workspace.StandingDead || !strings.Contains(row.stateText(), "refresh dead") {
		t.Errorf("profile list: %q standing %v; want dead", row.stateText(), row.life)
	}
	if !h.u.bar.refresh.Disabled() {
		t.Error("Refresh is enabled for a dead refresh token")
	}
	n := h.refreshes()
	h.u.onRefresh() // Ctrl+R
	h.settle()
	if h.refreshes() != n || !strings.Contains(statusOf(h.u), "Log in again") {
		t.Errorf("Ctrl+R sent %d refreshes, status %q; want none and the way out", h.refreshes()-n, statusOf(h.u))
	}
	h.failRefreshes("")
	h.login()
	if h.u.bar.refresh.Disabled() || v.tabRefresh.life != workspace.StandingFine || rv.lifetime.Tone() != workspace.ToneGood {
		t.Errorf("after a new login: refresh disabled %v, standing %v, bar %v", h.u.bar.refresh.Disabled(), v.tabRefresh.life, rv.lifetime.Tone())
	}
}

// The access token's last tenth, its expiry within the clock skew
// allowance and after it: the countdown, the bar, the navigation dot, the
// profile dot and the checks' summary are in the same colour each time.
func TestOneStateOneColour(t *testing.T) {
	h := newHarness(t, nil)
	ts := h.login()
	v := h.u.views
	exp := ts.Access.ExpiresAt
	row := h.u.profiles.row(h.u.profile)
	for _, c := range []struct {
		at   time.Time
		want workspace.Standing
	}{
		{exp.Add(-5 * time.Second), workspace.StandingEnding},
		{exp.Add(2 * time.Second), workspace.StandingEnding}, // within the 30 s allowance
		{exp.Add(time.Minute), workspace.StandingExpired},
	} {
		h.advance(c.at.Sub(h.clock.Now()))
		imp := toneImportance(c.want.Tone())
		av := v.access
		if av.countdown.Importance != imp || av.lifetime.Tone() != c.want.Tone() || v.tabAccess.life != c.want || row.life != c.want {
			t.Errorf("at exp%+v: countdown %q %v, bar %v, nav %v, profile %v; want all %v", c.at.Sub(exp), av.countdown.Text, av.countdown.Importance, av.lifetime.Tone(), v.tabAccess.life, row.life, c.want)
		}
		// Never in a better colour than the countdown (the test's fake
		// clock also fails the clock skew check: red is worse, so fine).
		if got := av.checks.summary.Importance; toneWorse(c.want.Tone(), got) {
			t.Errorf("at exp%+v: checks summary %q in %v; want %v\n%s", c.at.Sub(exp), av.checks.summary.Text, got, imp, av.checks.text())
		}
	}
}

// Refused tokens stand refused: red dots, not green ones.
func TestRefusedTokensRedEverywhere(t *testing.T) {
	h := newHarness(t, nil)
	h.wrongAudience()
	h.login()
	v := h.u.views
	for _, it := range []*navItem{v.tabAccess, v.tabRefresh, v.tabID} {
		if it.life != workspace.StandingRefused {
			t.Errorf("%s: standing %v; want refused", it.label, it.life)
		}
	}
	if row := h.u.profiles.row(h.u.profile); row.life != workspace.StandingRefused {
		t.Errorf("profile list: %q standing %v; want refused", row.stateText(), row.life)
	}
	if v.access.lifetime.Tone() != workspace.ToneBad {
		t.Errorf("access bar tone %v", v.access.lifetime.Tone())
	}
}

// A click on a claim selects it and leaves the clipboard alone (Refresh
// just put the Bearer there); a double-click, Ctrl+C or Copy value copies
// the value, and the status line says what the clipboard holds now.
func TestClickSelectsCopyingIsAsked(t *testing.T) {
	h := newHarness(t, nil)
	h.login()
	test.Tap(h.u.bar.refresh)
	h.settle()
	bearer := "Bearer " + h.u.tokens().AccessToken
	if h.clipboard() != bearer || !strings.Contains(statusOf(h.u), "Bearer copied") {
		t.Fatalf("after Refresh: clipboard %.20q, status %q; want the Bearer, said", h.clipboard(), statusOf(h.u))
	}
	v := h.u.views.access
	row := indexOfRow(t, v, "sub")
	v.table.Select(widget.TableCellID{Row: row, Col: 1})
	if h.clipboard() != bearer {
		t.Fatalf("a click on a claim replaced the Bearer with %.30q", h.clipboard())
	}
	if v.claims.copyValue.Disabled() {
		t.Error("Copy value is disabled with a row selected")
	}
	sub := rowOf(t, v, "sub").Copy
	h.u.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(&fyne.ShortcutCopy{})
	if h.clipboard() != sub || !strings.Contains(statusOf(h.u), "Copied the value of claim sub") {
		t.Errorf("Ctrl+C: clipboard %q, status %q; want the sub value, said", h.clipboard(), statusOf(h.u))
	}
	h.u.deps.Clipboard.SetContent(bearer)
	v.table.UnselectAll()
	v.claims.select_(-1)
	h.u.onCopyClaim()
	if h.clipboard() != bearer || !strings.Contains(statusOf(h.u), "Select a claim first") {
		t.Errorf("Ctrl+C with nothing selected: clipboard %.20q, status %q", h.clipboard(), statusOf(h.u))
	}
}

// The README says what the behaviour is: Refresh (and Copy Bearer) put
// the Bearer on the clipboard, a login leaves it alone.
func TestLoginLeavesTheClipboardRefreshCopiesBearer(t *testing.T) {
	h := newHarness(t, nil)
	h.u.deps.Clipboard.SetContent("the user's own text")
	h.login()
	if got := h.clipboard(); got != "the user's own text" {
		t.Errorf("a login changed the clipboard to %.30q", got)
	}
	test.Tap(h.u.bar.refresh)
	h.settle()
	if got := h.clipboard(); got != "Bearer "+h.u.tokens().AccessToken {
		t.Errorf("Refresh left %.30q on the clipboard; want the Bearer", got)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(readme), "After a login or refresh, the clipboard holds") {
		t.Error("README still says a login leaves the Bearer on the clipboard")
	}
}

// Each profile has its own status line: one profile's "Login cancelled."
// or error never shows on another; it comes back with its profile, a ×
// takes it down, and an empty status line takes no room.
func TestStatusLinePerProfile(t *testing.T) {
	h := newHarness(t, nil)
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin = "staging", false
	if _, err := h.ws.SaveProfile("", p); err != nil {
		t.Fatal(err)
	}
	h.settle()
	st := h.u.status
	h.u.bar.profileSelect.SetSelected("demo")
	h.settle()
	h.startWaitingLogin()
	h.u.onCancelLogin()
	h.waitUntil("the login to end", func() bool { return h.u.current().State != workspace.LoggingIn })
	h.settle()
	if st.message.Text != "Login cancelled." {
		t.Fatalf("status %q", st.message.Text)
	}
	h.u.bar.profileSelect.SetSelected("staging")
	h.settle()
	if st.message.Text == "Login cancelled." {
		t.Errorf("staging shows demo's status %q", st.message.Text)
	}
	h.mu.Lock()
	h.holdBrowser = false
	h.mu.Unlock()
	h.login() // staging logs in: its own status
	if !strings.HasPrefix(st.message.Text, "Logged in") {
		t.Errorf("staging status %q", st.message.Text)
	}
	h.u.bar.profileSelect.SetSelected("demo")
	h.settle()
	if st.message.Text != "Login cancelled." || !st.root.Visible() {
		t.Errorf("back on demo: status %q visible %v; want its own again", st.message.Text, st.root.Visible())
	}
	test.Tap(st.dismiss)
	if st.root.Visible() {
		t.Error("the dismissed status still takes its row")
	}
	h.u.bar.profileSelect.SetSelected("staging")
	h.settle()
	h.u.bar.profileSelect.SetSelected("demo")
	h.settle()
	if st.root.Visible() {
		t.Errorf("a dismissed status came back: %q", st.message.Text)
	}
}

// Issue 26 item 9: Save with a missing secret keeps the form open with
// what was typed, marks the field and says it in the window's words (no
// command-line flags); item 11: a profile without a client ID says so
// before Log in, and Log in sends nothing.
func TestIncompleteProfileSaysWhatToFillInBeforeAnythingIsLost(t *testing.T) {
	h := newHarness(t, nil)
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	f.name.SetText("acme")
	f.issuer.SetText(h.iss)
	f.clientID.SetText("my-client")
	f.clientAuth.SetSelected(string(auth.AuthBasic))
	f.scopes.SetText("openid offline_access")
	if h.u.saveProfile(f, auth.Profile{}) {
		t.Fatal("a profile needing a secret was saved without one")
	}
	if _, ok := h.ws.Snapshot("acme"); ok {
		t.Fatal("the incomplete profile was saved")
	}
	if f.clientID.Text != "my-client" || f.scopes.Text != "openid offline_access" {
		t.Error("what was typed was lost")
	}
	if msg := f.problem.Text; !f.problem.Visible() || !strings.Contains(msg, "Client secret") || strings.Contains(msg, "--") || strings.Contains(msg, "$") {
		t.Errorf("the form says %q; want the field in the window's words, no flags", msg)
	}
	if f.secret.Validate() == nil && !f.secret.AlwaysShowValidationError {
		t.Error("the secret field is not marked")
	}
	f.secret.SetText("s3cret")
	if !h.u.saveProfile(f, auth.Profile{}) || f.problem.Visible() {
		t.Fatalf("the completed profile: problem %q", f.problem.Text)
	}
	h.settle()

	// The built-in Decathlon profile starts without a client ID.
	h.u.bar.profileSelect.SetSelected("decathlon-eu")
	h.settle()
	if got := h.u.views.access.empty.Text; !strings.HasPrefix(got, "Set the Client ID (✎)") {
		t.Errorf("before Log in the window says %q", got)
	}
	test.Tap(h.u.bar.login)
	h.settle()
	if got := statusOf(h.u); !strings.HasPrefix(got, "Set the Client ID (✎)") || strings.Contains(got, "client_id is empty") {
		t.Errorf("Log in said %q", got)
	}
	if h.u.current().LastOp != nil && h.u.current().LastOp.Kind == workspace.OpLogin {
		t.Error("Log in started a login for a profile without a client ID")
	}
}

// Issue 26 item 10: saving a logged-in profile with a change that ends
// its session asks first; Back keeps the form and the tokens, Save anyway
// saves and says the session ended.
func TestSaveThatEndsTheSessionAsksFirst(t *testing.T) {
	h := newHarness(t, nil)
	h.login()
	h.u.onEditProfile()
	f := h.u.profileFormOpen
	f.scopes.SetText("openid email")
	if h.u.saveProfile(f, h.u.current().Profile) {
		t.Fatal("saved without asking")
	}
	h.settle()
	if f.endDialog == nil || h.u.tokens() == nil {
		t.Fatalf("no question asked (dialog %v), tokens %v", f.endDialog != nil, h.u.tokens() != nil)
	}
	before := h.u.current().Profile
	tapDialogButton(t, h.u.win, "Back to the form")
	h.settle()
	if h.u.tokens() == nil || f.scopes.Text != "openid email" {
		t.Fatal("Back dropped the tokens or what was typed")
	}
	h.u.saveProfile(f, before)
	tapDialogButton(t, h.u.win, "Save anyway")
	h.settle()
	if h.u.tokens() != nil {
		t.Fatal("Save anyway kept the old session")
	}
	if got := statusOf(h.u); !strings.Contains(got, "session ended") || !strings.Contains(got, "Log in again") {
		t.Errorf("status %q; want the ended session said", got)
	}
	// A change that keeps the session (the client secret) asks nothing.
	h.login()
	h.u.onEditProfile()
	g := h.u.profileFormOpen
	g.secret.SetText("another")
	if !h.u.saveProfile(g, h.u.current().Profile) {
		t.Errorf("a secret change asked or failed: %q", g.problem.Text)
	}
}

// Issue 26 item 4: Provider ▸ Userinfo shows a response — its status, URL
// and JSON claims with their meanings, Copy JSON — not an opaque token.
func TestUserinfoShownAsAResponse(t *testing.T) {
	h := newHarness(t, nil)
	h.login()
	h.u.onUserinfo()
	h.settle()
	a := h.u.views.answer(workspace.OpUserinfo)
	v := a.view
	url := h.u.current().Endpoints.UserinfoURL
	if got := v.format.Text; got != "response · HTTP 200 · GET "+url+" · application/json" {
		t.Errorf("format %q; want the response's status and URL", got)
	}
	if v.signature.Visible() || v.lifeRow.Visible() || strings.Contains(v.format.Text, "reference") {
		t.Error("the response is drawn as a token (signature, lifetime or 'reference')")
	}
	if v.copyRaw.Text != "Copy JSON" {
		t.Errorf("copy button %q", v.copyRaw.Text)
	}
	test.Tap(v.copyRaw)
	if got := h.clipboard(); !strings.HasPrefix(got, "{") || !strings.Contains(statusOf(h.u), "userinfo JSON") {
		t.Errorf("Copy JSON copied %.30q, status %q", got, statusOf(h.u))
	}
	if r := rowOf(t, v, "sub"); !strings.Contains(r.Readable, "subject") {
		t.Errorf("sub meaning %q", r.Readable)
	}
	// The token views stay token views.
	if h.u.views.access.copyRaw.Text != "Copy token" || !h.u.views.access.signature.Visible() {
		t.Error("the access token view lost its token look")
	}
}
