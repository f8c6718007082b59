package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/fromapi"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// fromAPIDialog is "New profile from API URL…": the API's URL (and, if
// wanted, the authorization server, a client id and the profile's name),
// the chain's steps as the workspace runs them, each with what it found or
// why it failed; on success the profile is saved and the login starts.
type fromAPIDialog struct {
	url, authServer, clientID, name *widget.Entry
	demo                            *widget.Button
	start                           *widget.Button
	steps                           map[string]*widget.Label
	d                               *dialog.CustomDialog
}

// onNewProfileMenu shows the + menu: a new profile by hand, or from an API URL.
func (u *UI) onNewProfileMenu() {
	m := u.newProfileMenu()
	b := u.bar.newProfile
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
	widget.ShowPopUpMenuAtPosition(m, c, pos.AddXY(0, b.Size().Height))
}

// newProfileMenu is the + menu's items.
func (u *UI) newProfileMenu() *fyne.Menu {
	return fyne.NewMenu("New profile",
		fyne.NewMenuItem("New profile…", u.onNewProfile),
		fyne.NewMenuItem("New profile from API URL…", u.onNewProfileFromAPI))
}

// onNewProfileFromAPI opens the "New profile from API URL" dialog.
func (u *UI) onNewProfileFromAPI() {
	f := &fromAPIDialog{url: widget.NewEntry(), authServer: widget.NewEntry(), clientID: widget.NewEntry(), name: widget.NewEntry(),
		steps: map[string]*widget.Label{}}
	f.url.SetPlaceHolder("https://api.example.com/mcp")
	f.authServer.SetPlaceHolder("optional: the first the API names")
	f.clientID.SetPlaceHolder("optional: a client is registered (RFC 7591)")
	f.name.SetPlaceHolder("optional: made from the API")
	f.demo = widget.NewButton("Demo API", func() { u.fillDemoAPI(f) })
	f.url.OnSubmitted = func(string) { u.runFromAPI(f) }
	steps := container.NewVBox()
	for _, s := range fromapi.Steps {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		f.steps[s] = l
		steps.Add(l)
	}
	f.reset()
	form := widget.NewForm(
		widget.NewFormItem("API URL", container.NewBorder(nil, nil, nil, f.demo, f.url)),
		widget.NewFormItem("Authorization server", f.authServer),
		widget.NewFormItem("Client ID", f.clientID),
		widget.NewFormItem("Profile name", f.name),
	)
	hint := widget.NewLabel("Token Inspector asks the API without a token, reads its challenge and metadata (RFC 9728), " +
		"finds its authorization server, registers a client if none is given, saves the profile and logs in " +
		"asking for tokens for this API (RFC 8707).")
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	f.start = widget.NewButtonWithIcon("Find and log in", theme.LoginIcon(), func() { u.runFromAPI(f) })
	f.start.Importance = widget.HighImportance
	closeBtn := widget.NewButton("Close", func() { f.d.Hide() })
	content := container.NewVBox(form, hint, widget.NewSeparator(), steps)
	scroll := container.NewVScroll(content)
	scroll.SetMinSize(fyne.NewSize(640, 420))
	f.d = dialog.NewCustomWithoutButtons("New profile from API URL", scroll, u.win)
	f.d.SetButtons([]fyne.CanvasObject{closeBtn, f.start})
	u.fromAPIOpen = f
	f.d.Show()
	u.win.Canvas().Focus(f.url)
}

// reset shows every step as waiting.
func (f *fromAPIDialog) reset() {
	for _, s := range fromapi.Steps {
		f.steps[s].SetText("○ " + s)
		f.steps[s].Importance = widget.MediumImportance
		f.steps[s].Refresh()
	}
}

// show draws one finished step.
func (f *fromAPIDialog) show(s fromapi.Step) {
	l := f.steps[s.Name]
	if l == nil {
		return
	}
	if s.Err != nil {
		l.SetText("✗ " + s.Name + ": " + s.Err.Error())
		l.Importance = widget.DangerImportance
	} else {
		l.SetText("✓ " + s.Name + ": " + s.Detail)
		l.Importance = widget.SuccessImportance
	}
	l.Refresh()
}

// fillDemoAPI puts the built-in demo provider's API URL in the URL field
// (the workspace starts the provider if needed).
func (u *UI) fillDemoAPI(f *fromAPIDialog) {
	f.demo.Disable()
	go func() {
		url, err := u.ws.DemoAPIURL()
		u.deps.Do(func() {
			f.demo.Enable()
			if err != nil {
				u.status.failure(err, false, false)
				return
			}
			f.url.SetText(url)
		})
	}()
}

// runFromAPI hands the URL to the workspace, which runs the chain off the
// UI goroutine; each step is drawn as it ends. On success the profile is
// saved (by the workspace), selected, and its login started.
func (u *UI) runFromAPI(f *fromAPIDialog) {
	url := strings.TrimSpace(f.url.Text)
	if url == "" {
		u.status.info("Type the API's URL first (or press Demo API).")
		return
	}
	f.reset()
	f.start.Disable()
	u.status.info("Asking " + url + " how to get a token…")
	r := fromapi.Request{URL: url, AuthorizationServer: strings.TrimSpace(f.authServer.Text),
		Base: auth.Profile{Name: strings.TrimSpace(f.name.Text), Client: auth.Client{ClientID: strings.TrimSpace(f.clientID.Text)}}}
	if r.Base.ClientID != "" {
		r.Base.ClientAuth = auth.AuthNone // a client id alone is a public client; edit the profile for a secret
	}
	u.ws.StartFromAPI(r, func(s fromapi.Step) {
		u.deps.Do(func() { f.show(s) })
	}, func(res workspace.FromAPIResult, err error) {
		u.deps.Do(func() {
			f.start.Enable()
			if err != nil {
				u.status.failure(err, false, false)
				return
			}
			p := res.Profile
			msg := "Profile " + p.Name + " saved: logging in for " + res.Resource + "…"
			if res.KeyringErr != nil {
				msg += " (the client secret could not be kept in the keyring: " + res.KeyringErr.Error() + "; it lasts for this session)"
			}
			f.d.Hide()
			u.fromAPIOpen = nil
			u.loadProfiles(p.Name)
			u.status.info(msg)
			u.onLogin()
		})
	})
}
