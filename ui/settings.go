package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// Theme choices of the settings dialog.
const (
	themeSystem = "Follow the system"
	themeLight  = "Light"
	themeDark   = "Dark"
)

// Preference keys (fyne.Preferences: the app's own settings file).
const (
	prefTheme      = "theme"
	prefLead       = "autoRefreshLeadSeconds"
	prefSkew       = "clockSkewSeconds"
	prefWinW       = "window.width"
	prefWinH       = "window.height"
	prefReloginFor = "autoRelogin."
)

// defaultSkew is the clock skew allowance when none is set.
const defaultSkew = 30 * time.Second

// settings are the window's preferences.
type settings struct {
	Theme string
	Lead  time.Duration // default auto-refresh lead
	Skew  time.Duration // clock skew allowance: an expiry this recent reads "within the allowance"
}

// loadSettings reads the preferences (defaults for what is unset).
func (u *UI) loadSettings() settings {
	p := u.app.Preferences()
	return settings{
		Theme: p.StringWithFallback(prefTheme, themeSystem),
		Lead:  time.Duration(p.IntWithFallback(prefLead, int(workspace.DefaultAutoLead/time.Second))) * time.Second,
		Skew:  time.Duration(p.IntWithFallback(prefSkew, int(defaultSkew/time.Second))) * time.Second,
	}
}

// applySettings uses s now and keeps it for the next start.
func (u *UI) applySettings(s settings) {
	p := u.app.Preferences()
	p.SetString(prefTheme, s.Theme)
	p.SetInt(prefLead, int(s.Lead/time.Second))
	p.SetInt(prefSkew, int(s.Skew/time.Second))
	u.settings = s
	u.setSkew(s.Skew)
	u.app.Settings().SetTheme(themeFor(s.Theme))
	if !u.current().Auto.On {
		u.bar.drawing = true
		u.bar.autoSeconds.SetText(strconv.Itoa(int(s.Lead / time.Second)))
		u.bar.drawing = false
	}
	u.Tick(u.deps.Now())
}

// themeFor is the theme of a choice: appTheme following the system's
// light or dark mode, or held to one variant.
func themeFor(choice string) fyne.Theme {
	switch choice {
	case themeLight:
		return appTheme{variant: theme.VariantLight, held: true}
	case themeDark:
		return appTheme{variant: theme.VariantDark, held: true}
	}
	return appTheme{}
}

// onSettings opens the settings dialog: theme, default auto-refresh lead,
// clock skew allowance, and automatic re-login for the selected profile.
func (u *UI) onSettings() {
	s := u.settings
	themes := widget.NewRadioGroup([]string{themeSystem, themeLight, themeDark}, nil)
	themes.SetSelected(s.Theme)
	lead := widget.NewEntry()
	lead.SetText(strconv.Itoa(int(s.Lead / time.Second)))
	skew := widget.NewEntry()
	skew.SetText(strconv.Itoa(int(s.Skew / time.Second)))
	name := u.profile
	relogin := widget.NewCheck("Log in again by itself when the refresh token of "+name+" is dead (invalid_grant)", nil)
	relogin.SetChecked(u.current().AutoRelogin)
	items := []*widget.FormItem{
		widget.NewFormItem("Theme", themes),
		widget.NewFormItem("Auto-refresh lead (s)", lead),
		widget.NewFormItem("Clock skew allowance (s)", skew),
		widget.NewFormItem("Re-login", relogin),
	}
	items[1].HintText = "the default for Auto-refresh: refresh this long before the access token expires"
	items[2].HintText = "an expiry this recent reads as within the allowance, not expired"
	d := dialog.NewForm("Settings", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		ns, err := parseSettings(themes.Selected, lead.Text, skew.Text)
		if err != nil {
			u.status.failure(err, false, false)
			return
		}
		u.applySettings(ns)
		u.setAutoRelogin(name, relogin.Checked)
	}, u.win)
	d.Resize(fyne.NewSize(640, 0))
	d.Show()
}

// parseSettings reads the dialog's fields.
func parseSettings(themeChoice, lead, skew string) (settings, error) {
	s := settings{Theme: themeChoice}
	if s.Theme == "" {
		s.Theme = themeSystem
	}
	for _, f := range []struct {
		what string
		text string
		to   *time.Duration
	}{{"auto-refresh lead", lead, &s.Lead}, {"clock skew allowance", skew, &s.Skew}} {
		n, err := strconv.Atoi(strings.TrimSpace(f.text))
		if err != nil || n < 0 || n > 24*3600 {
			return settings{}, fmt.Errorf("settings not saved: the %s must be a number of seconds from 0 to 86400, not %q", f.what, f.text)
		}
		*f.to = time.Duration(n) * time.Second
	}
	return s, nil
}

// setAutoRelogin switches automatic re-login for a profile and keeps the
// choice for the next start.
func (u *UI) setAutoRelogin(profile string, on bool) {
	u.app.Preferences().SetBool(prefReloginFor+profile, on)
	u.ws.SetAutoRelogin(profile, on)
}

// restoreWindow applies what the preferences kept: theme, window size,
// each profile's automatic re-login.
func (u *UI) restoreWindow() {
	u.settings = u.loadSettings()
	u.setSkew(u.settings.Skew)
	u.app.Settings().SetTheme(themeFor(u.settings.Theme))
	p := u.app.Preferences()
	w, h := p.FloatWithFallback(prefWinW, 1100), p.FloatWithFallback(prefWinH, 680)
	u.win.Resize(fyne.NewSize(float32(max(w, 640)), float32(max(h, 400))))
	u.bar.autoSeconds.SetText(strconv.Itoa(int(u.settings.Lead / time.Second)))
	for _, prof := range u.ws.Profiles() {
		if p.Bool(prefReloginFor + prof.Name) {
			u.ws.SetAutoRelogin(prof.Name, true)
		}
	}
}

// setSkew hands the clock skew allowance to every token view.
func (u *UI) setSkew(d time.Duration) {
	v := u.views
	v.skew = d
	for _, tv := range []*tokenView{v.access, v.refreshTok, v.id} {
		tv.skew = d
	}
	if v.decode != nil {
		v.decode.view.skew = d
	}
}

// saveWindowSize keeps the window's size for the next start. Fyne has no
// API for a window's position, so the window manager places it.
func (u *UI) saveWindowSize() {
	s := u.win.Canvas().Size()
	if s.Width > 0 && s.Height > 0 {
		u.app.Preferences().SetFloat(prefWinW, float64(s.Width))
		u.app.Preferences().SetFloat(prefWinH, float64(s.Height))
	}
}

// onShortcutsHelp lists every keyboard shortcut (Help ▸ Keyboard shortcuts).
func (u *UI) onShortcutsHelp() {
	grid := widget.NewTextGridFromString(u.shortcutsHelp())
	d := dialog.NewCustom("Keyboard shortcuts", "Close", grid, u.win)
	d.Show()
	u.helpOpen = d
}

// shortcutsHelp is the text of the Keyboard shortcuts dialog: one line
// per action that has keys.
func (u *UI) shortcutsHelp() string {
	var rows []string
	for _, a := range u.actions() {
		keys := a.keys
		if a.sc != nil {
			keys = shortcutText(a.sc)
		}
		if keys != "" {
			rows = append(rows, helpRow(keys, a.label))
		}
	}
	rows = append(rows, helpRow("Tab / Shift+Tab", "move the focus between controls (the focused one is highlighted in the focus colour)"),
		helpRow("Space", "press the focused button, tick the focused check, pick the focused list entry"))
	return strings.Join(rows, "\n")
}

// helpRow is one line of the shortcuts dialog, the keys padded to one
// column (the dialog's text is monospaced).
func helpRow(keys, what string) string { return fmt.Sprintf("%-16s  %s", keys, what) }

// shortcutText writes a shortcut for people: "Ctrl+Shift+C".
func shortcutText(sc *desktop.CustomShortcut) string {
	var parts []string
	m := sc.Modifier
	if m&fyne.KeyModifierControl != 0 || m&fyne.KeyModifierShortcutDefault == fyne.KeyModifierControl {
		parts = append(parts, "Ctrl")
	}
	if m&fyne.KeyModifierSuper != 0 {
		parts = append(parts, "Super")
	}
	if m&fyne.KeyModifierAlt != 0 {
		parts = append(parts, "Alt")
	}
	if m&fyne.KeyModifierShift != 0 {
		parts = append(parts, "Shift")
	}
	key := string(sc.KeyName)
	switch sc.KeyName {
	case fyne.KeyComma:
		key = ","
	case fyne.KeySlash:
		key = "/"
	}
	return strings.Join(append(parts, key), "+")
}
