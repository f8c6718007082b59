package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// The window's keyboard shortcuts.
var (
	shortcutLogin   = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutRefresh = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutBearer  = &desktop.CustomShortcut{KeyName: fyne.KeyC, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutDecode  = &desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutCopyRT  = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutCopyURL = &desktop.CustomShortcut{KeyName: fyne.KeyU, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
)

// bindShortcuts registers every shortcut on the window's canvas and lists
// them in a Session menu, where Fyne shows each shortcut beside its item.
func (u *UI) bindShortcuts() {
	items := []struct {
		label string
		sc    *desktop.CustomShortcut
		do    func()
	}{
		{"Log in", shortcutLogin, u.onLogin},
		{"Refresh and copy Bearer", shortcutRefresh, u.onRefresh},
		{"Copy Bearer", shortcutBearer, u.onCopyBearer},
		{"Copy refresh token", shortcutCopyRT, u.onCopyRefreshToken},
		{"Decode a token…", shortcutDecode, u.onDecodeTab},
		{"Copy the login URL", shortcutCopyURL, u.onCopyLoginURL},
	}
	var menu []*fyne.MenuItem
	for _, it := range items {
		do := it.do
		u.win.Canvas().AddShortcut(it.sc, func(fyne.Shortcut) { do() })
		mi := fyne.NewMenuItem(it.label, do)
		mi.Shortcut = it.sc
		menu = append(menu, mi)
	}
	cancel := fyne.NewMenuItem("Cancel the waiting login (Esc)", u.onCancelLogin)
	menu = append(menu, fyne.NewMenuItemSeparator(), cancel)
	u.win.Canvas().SetOnTypedKey(u.onKey)
	u.win.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu("Session", menu...), u.providerMenu(), u.exportMenu()))
}

// onKey handles the keys that are not shortcuts: Esc cancels a waiting
// login (keys typed into a focused entry go to the entry instead).
func (u *UI) onKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && u.current().State == workspace.LoggingIn {
		u.onCancelLogin()
	}
}

// onCopyLoginURL copies the waiting login's URL, as the panel's Copy URL does.
func (u *UI) onCopyLoginURL() {
	if p := u.current().Prompt; p != nil && p.URL != "" {
		u.copyText(p.URL, "login URL")
		return
	}
	u.status.info("No login is waiting: there is no login URL to copy.")
}
