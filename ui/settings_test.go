package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestThemeChoiceAppliesAndIsKept(t *testing.T) {
	h := newHarness(t, nil)
	bg := func() any { return h.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight) }
	light := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight)
	dark := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)
	s := h.u.settings
	s.Theme = themeDark
	h.u.applySettings(s)
	if bg() != dark {
		t.Errorf("dark theme: background %v; want %v whatever the system says", bg(), dark)
	}
	h.restart()
	if h.u.settings.Theme != themeDark || bg() != dark {
		t.Errorf("after a restart: theme %q", h.u.settings.Theme)
	}
	s.Theme = themeLight
	h.u.applySettings(s)
	if got := h.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark); got != light {
		t.Errorf("light theme under a dark system: %v; want %v", got, light)
	}
	s.Theme = themeSystem
	h.u.applySettings(s)
	if got := h.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark); got != dark {
		t.Errorf("follow the system: %v; want the system's dark", got)
	}
}

func TestSettingsLeadSkewAndReloginKept(t *testing.T) {
	h := newHarness(t, nil)
	s, err := parseSettings(themeSystem, " 45 ", "5")
	if err != nil {
		t.Fatal(err)
	}
	h.u.applySettings(s)
	h.u.setAutoRelogin("demo", true)
	h.settle()
	if h.u.bar.autoSeconds.Text != "45" {
		t.Errorf("auto-refresh lead %q; want the new default 45", h.u.bar.autoSeconds.Text)
	}
	ts := h.login()
	h.u.Tick(ts.Access.ExpiresAt.Add(12 * time.Second))
	if got := h.u.views.access.countdown.Text; got != "expired 0:12 ago" {
		t.Errorf("with a 5 s allowance: %q", got)
	}
	h.restart()
	if h.u.settings.Lead != 45*time.Second || h.u.settings.Skew != 5*time.Second || !h.u.current().AutoRelogin {
		t.Errorf("after a restart: %+v, auto re-login %v", h.u.settings, h.u.current().AutoRelogin)
	}
	if _, err := parseSettings(themeDark, "soon", "5"); err == nil || !strings.Contains(err.Error(), "auto-refresh lead") {
		t.Errorf("a bad lead: %v", err)
	}
	// The dialog opens with the current values.
	h.u.onSettings()
	if o := h.u.win.Canvas().Overlays().Top(); o == nil {
		t.Fatal("no settings dialog")
	}
}

func TestAutoReloginFromTheWindow(t *testing.T) {
	h := newHarness(t, nil)
	first := h.login()
	h.u.setAutoRelogin("demo", true)
	h.advance(2 * time.Hour) // the refresh token expired: invalid_grant
	test.Tap(h.u.bar.refresh)
	h.settle()
	if ts := h.u.tokens(); ts == first || !strings.Contains(h.u.status.message.Text, "Logged in") {
		t.Errorf("a dead refresh token did not log in again by itself: status %q", h.u.status.message.Text)
	}
}

func TestShortcutsHelpListsEveryShortcut(t *testing.T) {
	h := newHarness(t, nil)
	h.u.win.Canvas().(fyne.Shortcutable).TypedShortcut(shortcutHelp)
	if h.u.helpOpen == nil {
		t.Fatal("Ctrl+/ did not open the shortcuts dialog")
	}
	text := h.u.shortcutsHelp()
	for _, want := range []string{helpRow("Ctrl+L", "Log in"), helpRow("Ctrl+R", "Refresh and copy Bearer"), helpRow("Esc", "Cancel the waiting login"), helpRow("Ctrl+Shift+U", "Copy the login URL"), helpRow("Ctrl+5", "Show History"), helpRow("Ctrl+,", "Settings…"), helpRow("Alt+Down", "Next profile"), "Tab / Shift+Tab"} {
		if !strings.Contains(text, want) {
			t.Errorf("shortcuts dialog lacks %q:\n%s", want, text)
		}
	}
	h.u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Esc did not close the shortcuts dialog")
	}
	// Every panel is one shortcut away, History with the keyboard in its list.
	c := h.u.win.Canvas().(fyne.Shortcutable)
	h.login()
	c.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.Key5, Modifier: fyne.KeyModifierShortcutDefault})
	if h.u.views.tabs.Selected() != h.u.views.tabHistory || h.u.win.Canvas().Focused() != h.u.views.history.list {
		t.Errorf("Ctrl+5: panel %q, focus %T", h.u.views.tabs.Selected().label, h.u.win.Canvas().Focused())
	}
	h.u.views.history.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if len(h.u.views.history.picked) != 1 {
		t.Error("Space did not pick the focused history entry")
	}
	c.TypedShortcut(shortcutNextProf)
	if h.u.profile == "demo" && len(h.u.bar.profileSelect.Options) > 1 {
		t.Error("Alt+Down did not select the next profile")
	}
}

// The dead-refresh banner offers the option where it is needed: ticking
// it logs in now and next time by itself.
func TestAutoReloginFromTheFailureBanner(t *testing.T) {
	h := newHarness(t, nil)
	first := h.login()
	h.advance(2 * time.Hour) // the refresh token expired: invalid_grant
	test.Tap(h.u.bar.refresh)
	h.settle()
	st := h.u.status
	if !st.relogin.Visible() || !st.autoRelogin.Visible() || st.autoRelogin.Checked {
		t.Fatalf("banner: relogin %v, auto check %v (checked %v)", st.relogin.Visible(), st.autoRelogin.Visible(), st.autoRelogin.Checked)
	}
	test.Tap(st.autoRelogin)
	h.settle()
	second := h.u.tokens()
	if second == first || !h.u.current().AutoRelogin || !h.app.Preferences().Bool(prefReloginFor+"demo") {
		t.Fatalf("after ticking: new tokens %v, auto re-login %v", second != first, h.u.current().AutoRelogin)
	}
	h.advance(2 * time.Hour)
	test.Tap(h.u.bar.refresh)
	h.settle()
	if h.u.tokens() == second {
		t.Error("the next dead refresh token did not log in by itself")
	}
}
