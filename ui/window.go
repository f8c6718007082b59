package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// UI is the Token Inspector window. Its fields are touched only on the UI
// goroutine; snapshots reach it through Deps.Do.
type UI struct {
	app  fyne.App
	win  fyne.Window
	ws   *workspace.Workspace
	deps Deps

	profile string // the selected profile
	profileMemory
	tickState
	unsub func()
	// raise brings the window to the front (fyne.Window.RequestFocus);
	// tests count its calls.
	raise func()

	bar      *toolbar
	settings settings
	openDialogs
	profiles *profileList
	status   *statusBar
	device   *devicePanel
	views    *views
}

// profileMemory is what the window keeps of each profile between
// snapshots, by profile name.
type profileMemory struct {
	snaps  map[string]workspace.Snapshot // the latest snapshot of each profile
	seen   map[string]*workspace.OpResult
	copyOn map[string]workspace.OpID // the manual refresh whose result copies Bearer
	// copyOnUse marks a profile whose manual refresh was refused: its
	// Bearer is copied when the user presses Use anyway.
	copyOnUse map[string]bool
	prompt    map[string]workspace.Prompt
	raised    map[string]*workspace.OpResult // the login that last raised the window
}

func newProfileMemory() profileMemory {
	return profileMemory{
		snaps: map[string]workspace.Snapshot{}, seen: map[string]*workspace.OpResult{},
		copyOn: map[string]workspace.OpID{}, copyOnUse: map[string]bool{}, prompt: map[string]workspace.Prompt{},
		raised: map[string]*workspace.OpResult{},
	}
}

// tickState is the countdowns' ticker (ticking.go): ticking is on while
// Run runs; hidden is what SetShown said last; stopTicker stops the
// ticker while one runs.
type tickState struct {
	ticking, hidden bool
	stopTicker      func()
}

// openDialogs are the dialogs last opened, kept so shortcuts and tests
// can reach them.
type openDialogs struct {
	helpOpen        dialog.Dialog // the Keyboard shortcuts dialog, once opened
	profileFormOpen *profileForm
	// fromAPIOpen is the "New profile from API URL" dialog while it is shown (tests fill it in).
	fromAPIOpen  *fromAPIDialog
	exchangeOpen *exchangeForm // the token exchange dialog last opened (tests fill it)
}

// views is the side navigation and the panels it switches between.
type views struct {
	tabs                                                             *sideNav
	tabAccess, tabRefresh, tabID, tabResponse, tabHistory, tabDecode *navItem
	access, refreshTok, id                                           *tokenView
	response                                                         *responseView
	history                                                          *historyView
	decode                                                           *decodeView // nil until built: UI.decodeView
	tabCompare                                                       *navItem
	compare                                                          *compareView   // nil until built: UI.compareView
	skew                                                             time.Duration  // the clock skew allowance, for views built later
	answers                                                          []*answerView  // the operations' answers (operations.go)
	refused                                                          *refusedBanner // over the views while the tokens are refused (refused.go)
	tabTryIt, tabTrace                                               *navItem
	tryIt                                                            *tryItView // nil until built: UI.tryItView
	trace                                                            *traceView // nil until built: UI.traceView
}

// New builds the window (not yet shown) and subscribes it to the workspace.
func New(a fyne.App, d Deps) *UI {
	if d.Now == nil {
		d.Now = d.Workspace.Now
	}
	if d.Clipboard == nil {
		d.Clipboard = a.Clipboard()
	}
	if d.Do == nil {
		d.Do = fyne.Do
	}
	if d.Ticker == nil {
		d.Ticker = realTicker
	}
	u := &UI{app: a, deps: d, ws: d.Workspace, profileMemory: newProfileMemory()}
	// The theme first: widgets measured while the window is built keep the
	// colours of the theme they were first drawn with until they change.
	a.Settings().SetTheme(themeFor(a.Preferences().StringWithFallback(prefTheme, themeSystem)))
	u.win = a.NewWindow("Token Inspector")
	u.raise = u.win.RequestFocus
	if d.Icon != nil {
		u.win.SetIcon(d.Icon)
	}
	u.win.SetContent(u.build())
	u.restoreWindow()
	u.bindShortcuts()
	u.unsub = u.ws.Subscribe(func(s workspace.Snapshot) { d.Do(func() { u.onSnapshot(s) }) })
	for _, p := range u.ws.Profiles() {
		if s, ok := u.ws.Snapshot(p.Name); ok {
			u.snaps[p.Name] = s
		}
	}
	u.loadProfiles(u.initialProfile())
	if len(d.StartupProblems) > 0 {
		u.warn(d.StartupProblems[0], strings.Join(d.StartupProblems[1:], "\n"))
	}
	if d.FromAPIURL != "" {
		u.onNewProfileFromAPI()
		u.fromAPIOpen.url.SetText(d.FromAPIURL)
	}
	return u
}

// Window returns the window.
func (u *UI) Window() fyne.Window { return u.win }

// Run shows the window, starts the one-per-second tick of the countdowns
// (paused while SetShown says the window is hidden), and blocks until the
// window closes.
func (u *UI) Run() {
	u.startTicks()
	u.win.SetCloseIntercept(func() {
		u.saveWindowSize()
		u.win.Close()
	})
	u.win.ShowAndRun()
	u.stopTicks()
	u.unsub()
}

func (u *UI) build() fyne.CanvasObject {
	u.bar = newToolbar(u)
	u.status = newStatusBar(u.onLogin, u.onCancelLogin, func(s, what string) { u.copyText(s, what) })
	u.status.logf = u.deps.Logf
	u.status.onAutoRelogin = func(on bool) {
		u.setAutoRelogin(u.profile, on)
		if on {
			u.onLogin() // and now, as Log in again would
		}
	}
	u.device = newDevicePanel(u.openURL, func(s, what string) { u.copyText(s, what) })

	cp := func(s, what string) { u.copyText(s, what) }
	v := &views{}
	u.views = v
	v.access = newTokenView("Access token", cp,
		widget.NewButton("Copy Bearer", u.onCopyBearer),
		widget.NewButton("Copy header", func() { u.copyAccess("Authorization: Bearer ", "Authorization header") }),
		widget.NewButton("Copy as curl", u.onCopyCurl),
	)
	v.refreshTok = newTokenView("Refresh token", cp)
	v.id = newTokenView("ID token", cp)
	v.response = newResponseView()
	v.history = newHistoryView(u.onExportHistory)

	v.tabs = newSideNav()
	u.profiles = newProfileList(func(name string) { u.bar.profileSelect.SetSelected(name) })
	// ✎ and + edit the profile list: beside its heading.
	u.profiles.heading = container.NewBorder(nil, nil, nil, container.NewHBox(u.bar.editProfile, u.bar.newProfile),
		widget.NewLabelWithStyle("Profiles", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	v.tabs.top.Add(u.profiles.box)
	v.tabAccess = v.tabs.add("Access", theme.RadioButtonIcon(), v.access.root)
	v.tabRefresh = v.tabs.add("Refresh", theme.RadioButtonIcon(), v.refreshTok.root)
	v.tabID = v.tabs.add("ID", theme.RadioButtonIcon(), v.id.root)
	v.tabResponse = v.tabs.add("Response", theme.FileTextIcon(), v.response.root)
	v.tabHistory = v.tabs.add("History", theme.HistoryIcon(), v.history.root)
	// Decode and Compare are built when first shown: their multi-line
	// entries cost a tenth of the start (fonts, wrapped-text layout).
	v.tabDecode = v.tabs.addLazy("Decode", theme.SearchIcon(), u.buildDecodeView)
	v.tabCompare = v.tabs.addLazy("Compare", theme.ContentCopyIcon(), u.buildCompareView)
	for _, op := range windowOps() {
		if op.answer != nil {
			v.answers = append(v.answers, newAnswerView(v.tabs, op.kind, op.answer, cp))
		}
	}
	v.tabTryIt = v.tabs.addLazy("Try it", theme.MailSendIcon(), u.buildTryItView)
	v.tabTrace = v.tabs.addLazy("Trace", theme.ListIcon(), u.buildTraceView)

	v.refused = newRefusedBanner(u.onUseAnyway)
	return container.NewBorder(container.NewVBox(u.bar.root, u.status.root, u.device.root, widget.NewSeparator(), v.refused), nil, nil, nil, v.tabs.root)
}

// current is the selected profile's snapshot.
func (u *UI) current() workspace.Snapshot { return u.snaps[u.profile] }

// tokens is the selected profile's token set, or nil.
func (u *UI) tokens() *auth.TokenSet { return u.current().Tokens }

// decodeView is the Decode view, built on first use.
func (u *UI) decodeView() *decodeView {
	u.views.tabs.ensureBuilt(u.views.tabDecode)
	return u.views.decode
}

// buildDecodeView makes the Decode view (its navigation entry calls it).
func (u *UI) buildDecodeView() fyne.CanvasObject {
	v := u.views
	v.decode = newDecodeView(func(s, what string) { u.copyText(s, what) }, u.deps.Now, u.deps.Do)
	v.decode.view.skew = v.skew
	v.decode.edit.win = u.win
	v.decode.win = u.win
	u.connectPasted()
	return v.decode.root
}

// compareView is the Compare view, built on first use.
func (u *UI) compareView() *compareView {
	u.views.tabs.ensureBuilt(u.views.tabCompare)
	return u.views.compare
}

// buildCompareView makes the Compare view (its navigation entry calls it).
func (u *UI) buildCompareView() fyne.CanvasObject {
	v := u.views
	v.compare = newCompareView(u)
	v.compare.refreshSources()
	return v.compare.root
}
