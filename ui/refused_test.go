package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/tokeninspector/tokeninspector/auth/keyring"
)

// wrongAudience makes every token response's ID token name another client.
func (h *harness) wrongAudience() {
	h.craftTokens(func(m map[string]any) {
		if raw, ok := m["id_token"].(string); ok {
			id := claimsOf(h.t, raw)
			id["aud"] = []any{"someone-else"}
			m["id_token"] = h.resign(id)
		}
	})
}

// A login whose ID token fails a check a client must make: the tokens are
// shown under the red banner naming the check; nothing is remembered,
// auto-refreshed or copied until Use anyway, which then remembers,
// schedules and copies as a good answer would have.
func TestRefusedLoginShowsTheBannerAndWaitsForUseAnyway(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, store)
	test.Tap(h.u.bar.remember)
	test.Tap(h.u.bar.auto)
	h.settle()
	h.u.deps.Clipboard.SetContent("the user's own text")
	h.wrongAudience()

	ts := h.login()
	b := h.u.views.refused
	if !b.Visible() || !strings.Contains(b.message.Text, "“aud”") {
		t.Fatalf("banner visible %v, message %q; want it naming the aud check", b.Visible(), b.message.Text)
	}
	if h.u.views.id.decoded.Raw != ts.IDToken {
		t.Error("the refused ID token is not shown")
	}
	if !strings.Contains(h.u.status.message.Text, "refused") {
		t.Errorf("status %q; want the refusal said", h.u.status.message.Text)
	}
	if got := storedRefresh(t, store, "demo"); got != "" {
		t.Error("the refused session was written to the keyring")
	}
	if s := h.u.current(); !s.Auto.Next.IsZero() {
		t.Errorf("auto-refresh planned at %v for refused tokens", s.Auto.Next)
	}
	if last := h.u.current().History; len(last) == 0 || last[len(last)-1].OK() || !strings.Contains(last[len(last)-1].Err.Error(), "aud") {
		t.Error("the history does not record the failed login")
	}

	// Copy Bearer waits for Use anyway; so does a manual refresh's copy.
	test.Tap(h.u.bar.copyBearer)
	test.Tap(h.u.bar.refresh)
	h.settle()
	if got := h.clipboard(); got != "the user's own text" {
		t.Fatalf("the clipboard holds %.30q; want it left alone while refused", got)
	}
	if !b.Visible() {
		t.Fatal("the refused refresh took the banner down")
	}
	refreshed := h.u.tokens()
	if refreshed == ts {
		t.Fatal("the refused refresh's tokens are not shown")
	}

	test.Tap(b.use)
	h.settle()
	if b.Visible() {
		t.Errorf("the banner stays after Use anyway: %q", b.message.Text)
	}
	if got, want := h.clipboard(), "Bearer "+refreshed.AccessToken; got != want {
		t.Errorf("after Use anyway the clipboard holds %.30q; want the refreshed Bearer", got)
	}
	if got := storedRefresh(t, store, "demo"); got != refreshed.RefreshToken {
		t.Error("Use anyway did not remember the session")
	}
	if s := h.u.current(); s.Auto.Next.IsZero() {
		t.Error("Use anyway did not plan auto-refresh")
	}
	if !strings.HasPrefix(h.u.status.message.Text, "Using the refused tokens anyway") {
		t.Errorf("status %q", h.u.status.message.Text)
	}
}

// The banner's text reads on its red in both themes (WCAG AA: 4.5:1).
func TestRefusedBannerContrast(t *testing.T) {
	for _, v := range []string{themeLight, themeDark} {
		test.NewTempApp(t).Settings().SetTheme(themeFor(v))
		bg := errorColor()
		fg := onErrorTheme{}.Color(theme.ColorNameForeground, 0)
		if c := contrast(fg, bg); c < 4.5 {
			t.Errorf("%s theme: text %v on %v has contrast %.2f; want at least 4.5", v, fg, bg, c)
		}
	}
}
