package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// The window's keyboard shortcuts.
var (
	shortcutLogin    = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutRefresh  = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutBearer   = &desktop.CustomShortcut{KeyName: fyne.KeyC, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutDecode   = &desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutCopyRT   = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutCopyURL  = &desktop.CustomShortcut{KeyName: fyne.KeyU, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutSettings = &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutHelp     = &desktop.CustomShortcut{KeyName: fyne.KeySlash, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutExport   = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutNextProf = &desktop.CustomShortcut{KeyName: fyne.KeyDown, Modifier: fyne.KeyModifierAlt}
	shortcutPrevProf = &desktop.CustomShortcut{KeyName: fyne.KeyUp, Modifier: fyne.KeyModifierAlt}
)

// action is one command of the window: its menu label, its shortcut, and
// what it does. The same table feeds the canvas, the menus and the
// Keyboard shortcuts dialog, so they cannot disagree.
type action struct {
	menu  string // "Session", "View" or "Help"
	label string
	sc    *desktop.CustomShortcut // nil: menu only
	keys  string                  // for keys that are not shortcuts (Esc)
	do    func()
}

// actions lists every command of the window.
func (u *UI) actions() []action {
	acts := []action{
		{"Session", "Log in", shortcutLogin, "", u.onLogin},
		{"Session", "Refresh and copy Bearer", shortcutRefresh, "", u.onRefresh},
		{"Session", "Copy Bearer", shortcutBearer, "", u.onCopyBearer},
		{"Session", "Copy refresh token", shortcutCopyRT, "", u.onCopyRefreshToken},
		{"Session", "Copy the login URL", shortcutCopyURL, "", u.onCopyLoginURL},
		{"Session", "Copy the selected claim's value (or double-click it)", nil, "Ctrl+C", u.onCopyClaim},
		{"Session", "Cancel the waiting login (or close a dialog)", nil, "Esc", u.onCancelLogin},
		{"Session", "Next profile", shortcutNextProf, "", func() { u.stepProfile(1) }},
		{"Session", "Previous profile", shortcutPrevProf, "", func() { u.stepProfile(-1) }},
		{"Session", "Export history as JSON…", shortcutExport, "", u.onExportHistory},
		{"Session", "Settings…", shortcutSettings, "", u.onSettings},
		{"View", "Decode a token…", shortcutDecode, "", u.onDecodeTab},
	}
	for i, it := range u.views.tabs.items {
		if i >= 9 {
			break // Ctrl+1 … Ctrl+9
		}
		acts = append(acts, action{"View", "Show " + it.label, &desktop.CustomShortcut{KeyName: fyne.KeyName(rune('1' + i)), Modifier: fyne.KeyModifierShortcutDefault}, "", func() { u.showPanel(it) }})
	}
	acts = append(acts, action{"Help", "Keyboard shortcuts", shortcutHelp, "", u.onShortcutsHelp},
		action{"Help", "About Token Inspector", nil, "", u.onAbout})
	return acts
}

// bindShortcuts registers every shortcut on the window's canvas and lists
// the actions in the Session, View and Help menus, where Fyne shows each
// shortcut beside its item.
func (u *UI) bindShortcuts() {
	menus := map[string][]*fyne.MenuItem{}
	for _, a := range u.actions() {
		do := a.do
		if a.sc != nil {
			u.win.Canvas().AddShortcut(a.sc, func(fyne.Shortcut) { do() })
		}
		label := a.label
		if a.keys != "" {
			label += " (" + a.keys + ")"
		}
		mi := fyne.NewMenuItem(label, do)
		if a.sc != nil {
			mi.Shortcut = a.sc
		}
		menus[a.menu] = append(menus[a.menu], mi)
	}
	// Ctrl+C reaches the window when no entry has the keyboard (an entry
	// copies its own selection).
	u.win.Canvas().AddShortcut(&fyne.ShortcutCopy{}, func(fyne.Shortcut) { u.onCopyClaim() })
	u.win.Canvas().SetOnTypedKey(u.onKey)
	u.win.SetMainMenu(fyne.NewMainMenu(
		fyne.NewMenu("Session", menus["Session"]...),
		fyne.NewMenu("View", menus["View"]...),
		u.providerMenu(), u.exportMenu(),
		fyne.NewMenu("Help", menus["Help"]...),
	))
}

// onKey handles the keys that are not shortcuts: Esc closes the dialog
// on top, else cancels a waiting login (keys typed into a focused entry
// go to the entry instead).
func (u *UI) onKey(ev *fyne.KeyEvent) {
	if ev.Name != fyne.KeyEscape {
		return
	}
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		top.Hide() // as its Cancel or Close would
		return
	}
	if u.current().State == workspace.LoggingIn {
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

// stepProfile selects the next (or previous) profile of the list.
func (u *UI) stepProfile(by int) {
	opts := u.bar.profileSelect.Options
	if len(opts) == 0 {
		return
	}
	i := 0
	for j, n := range opts {
		if n == u.profile {
			i = j
		}
	}
	u.bar.profileSelect.SetSelected(opts[((i+by)%len(opts)+len(opts))%len(opts)])
}

// showPanel selects a navigation entry and gives its panel the keyboard
// where it has a list (History) or an input (Decode).
func (u *UI) showPanel(it *navItem) {
	u.views.tabs.Select(it)
	switch it {
	case u.views.tabHistory:
		u.win.Canvas().Focus(u.views.history.list)
	case u.views.tabDecode:
		u.win.Canvas().Focus(u.decodeView().input)
	}
}

// onCopyClaim copies the value of the claim selected in the view shown
// (Ctrl+C), or says how to select one.
func (u *UI) onCopyClaim() {
	tv := u.shownTokenView()
	if tv == nil || !tv.claims.copySelected() {
		u.status.info("Select a claim first (click its row): Ctrl+C, a double-click or Copy value then copies its value.")
	}
}

// shownTokenView is the token view of the panel shown, or nil.
func (u *UI) shownTokenView() *tokenView {
	v := u.views
	switch it := v.tabs.Selected(); it {
	case v.tabAccess:
		return v.access
	case v.tabRefresh:
		return v.refreshTok
	case v.tabID:
		return v.id
	case v.tabDecode:
		if v.decode != nil {
			return v.decode.view
		}
	default:
		for _, a := range v.answers {
			if a.nav == it {
				return a.view
			}
		}
	}
	return nil
}
