package ui

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// UI is the Token Inspector window. Its fields are touched only on the Fyne
// goroutine; background work reports back through fyne.Do.
type UI struct {
	app  fyne.App
	win  fyne.Window
	deps Deps

	profiles []auth.Profile
	profile  auth.Profile
	sessions map[string]*auth.Session // by profile name: switching back keeps tokens
	verified map[string]auth.Verification

	keep      *keeper         // Remember: stores secrets through deps.Secrets
	restoring map[string]bool // profiles whose stored session was looked up this run

	loginCancel context.CancelFunc
	refreshing  bool
	autoRun     map[string]*autoState // by profile name
	jobs        sync.WaitGroup
	serial      sync.Mutex // see do

	// widgets tests tap
	profileSelect *widget.Select
	editProfile   *widget.Button
	newProfile    *widget.Button
	login         *widget.Button
	refresh       *widget.Button
	copyBearer    *widget.Button
	auto          *widget.Check
	autoSeconds   *widget.Entry
	remember      *widget.Check
	forget        *widget.Button

	profileFormOpen                                                  *profileForm
	status                                                           *statusBar
	tabs                                                             *sideNav
	tabAccess, tabRefresh, tabID, tabResponse, tabHistory, tabDecode *navItem
	access, refreshTok, id                                           *tokenView
	response                                                         *responseView
	history                                                          *historyView
	decode                                                           *decodeView
}

// New builds the window (not yet shown).
func New(a fyne.App, d Deps) *UI {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Clipboard == nil {
		d.Clipboard = a.Clipboard()
	}
	u := &UI{app: a, deps: d, sessions: map[string]*auth.Session{}, autoRun: map[string]*autoState{}, verified: map[string]auth.Verification{}}
	u.keep = newKeeper(d.Secrets)
	u.win = a.NewWindow("Token Inspector")
	if d.Icon != nil {
		u.win.SetIcon(d.Icon)
	}
	u.win.SetContent(u.build())
	u.win.Resize(fyne.NewSize(1100, 680))
	u.bindShortcuts()
	// Selecting the first profile may start a background restore; under the
	// test driver its report (u.do) would run at once, so hold it until the
	// window is built, as the real driver's event loop does.
	u.serial.Lock()
	u.loadProfiles(u.initialProfile())
	u.showSession()
	u.serial.Unlock()
	return u
}

// Window returns the window.
func (u *UI) Window() fyne.Window { return u.win }

// Run shows the window, starts the one-per-second tick, and blocks.
func (u *UI) Run() {
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				fyne.Do(func() { u.Tick(u.deps.Now()) })
			case <-stop:
				return
			}
		}
	}()
	u.win.ShowAndRun()
	close(stop)
}

func (u *UI) build() fyne.CanvasObject {
	u.profileSelect = widget.NewSelect(nil, u.onProfileSelected)
	u.editProfile = widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), u.onEditProfile)
	u.newProfile = widget.NewButtonWithIcon("", theme.ContentAddIcon(), u.onNewProfile)
	u.login = widget.NewButtonWithIcon("Log in", theme.LoginIcon(), u.onLogin)
	u.login.Importance = widget.HighImportance
	u.refresh = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), u.onRefresh)
	u.copyBearer = widget.NewButtonWithIcon("Copy Bearer", theme.ContentCopyIcon(), u.onCopyBearer)
	u.autoSeconds = widget.NewEntry()
	u.autoSeconds.SetText("30")
	u.auto = widget.NewCheck("Auto-refresh", func(bool) { clear(u.autoRun) })
	remember, forget := u.rememberWidgets()
	bar := container.NewHBox(
		u.profileSelect, u.editProfile, u.newProfile, remember, forget, widget.NewSeparator(),
		u.login, u.refresh, u.copyBearer, widget.NewSeparator(),
		u.auto, container.NewGridWrap(fyne.NewSize(56, u.autoSeconds.MinSize().Height), u.autoSeconds), widget.NewLabel("s before expiry"),
	)
	u.status = newStatusBar(u.onLogin, u.onCancelLogin, func(s, what string) { u.copyText(s, what) })
	u.status.logf = u.deps.Logf

	cp := func(s, what string) { u.copyText(s, what) }
	u.access = newTokenView("Access token", cp,
		widget.NewButton("Copy Bearer", u.onCopyBearer),
		widget.NewButton("Copy header", func() { u.copyAccess("Authorization: Bearer ", "Authorization header") }),
		widget.NewButton("Copy as curl", u.onCopyCurl),
	)
	u.refreshTok = newTokenView("Refresh token", cp)
	u.id = newTokenView("ID token", cp)
	u.response = newResponseView()
	u.history = newHistoryView()
	u.decode = newDecodeView(cp, u.deps.Now)

	u.tabs = newSideNav()
	u.tabAccess = u.tabs.add("Access", theme.RadioButtonIcon(), u.access.root)
	u.tabRefresh = u.tabs.add("Refresh", theme.RadioButtonIcon(), u.refreshTok.root)
	u.tabID = u.tabs.add("ID", theme.RadioButtonIcon(), u.id.root)
	u.tabResponse = u.tabs.add("Response", theme.FileTextIcon(), u.response.root)
	u.tabHistory = u.tabs.add("History", theme.HistoryIcon(), u.history.root)
	u.tabDecode = u.tabs.add("Decode", theme.SearchIcon(), u.decode.root)

	return container.NewBorder(container.NewVBox(bar, u.status.root, widget.NewSeparator()), nil, nil, nil, u.tabs.root)
}
