package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// The window's keyboard shortcuts.
var (
	shortcutLogin   = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutRefresh = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutBearer  = &desktop.CustomShortcut{KeyName: fyne.KeyC, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutDecode  = &desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutCopyRT  = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
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
	}
	var menu []*fyne.MenuItem
	for _, it := range items {
		do := it.do
		u.win.Canvas().AddShortcut(it.sc, func(fyne.Shortcut) { do() })
		mi := fyne.NewMenuItem(it.label, do)
		mi.Shortcut = it.sc
		menu = append(menu, mi)
	}
	u.win.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu("Session", menu...)))
}
