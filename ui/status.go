package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// statusBar is the line under the toolbar: what just happened, the login
// waiting panel (URL, Copy, Cancel), or an error banner with its remedy.
type statusBar struct {
	icon    *widget.Icon
	message *widget.Label
	hint    *widget.Label
	url     *escEntry // read-only in effect; Esc in it cancels the login
	copyURL *widget.Button
	cancel  *widget.Button
	relogin *widget.Button
	// autoRelogin, beside "Log in again", switches the profile's automatic
	// re-login on (settings.go); onAutoRelogin does it.
	autoRelogin   *widget.Check
	onAutoRelogin func(on bool)
	root          *fyne.Container
	logf          func(format string, args ...any)
	// waitingOn is set while the login waiting panel shows: messages then
	// go to the hint line under it, so the URL and Cancel stay until the
	// login ends (endWait).
	waitingOn bool
	// dismiss takes the message down; row is the message's line, hidden
	// (with the whole bar) when there is nothing to say.
	dismiss *widget.Button
	row     *fyne.Container
	statusMemory
}

// statusMemory keeps each profile's status line: what one profile was
// told never shows on another's, and comes back when it is selected.
type statusMemory struct {
	owner string            // the profile whose status shows
	last  func()            // shows the status again (nil: nothing to say)
	memo  map[string]func() // the other profiles' last
	// replaying is set while a profile's status is shown again: it was
	// logged when it was said.
	replaying bool
}

// switchTo shows profile's status, keeping the one shown for its owner.
// A waiting panel is not kept: the window shows the prompt again from the
// snapshot.
func (s *statusBar) switchTo(profile string) {
	if profile == s.owner {
		return
	}
	if s.memo == nil {
		s.memo = map[string]func(){}
	}
	s.memo[s.owner] = s.last
	s.owner = profile
	s.waitingOn = false
	s.replaying = true
	defer func() { s.replaying = false }()
	if again := s.memo[profile]; again != nil {
		again()
		return
	}
	s.show(theme.InfoIcon(), widget.MediumImportance, "")
}

func newStatusBar(onLogin, onCancel func(), copy func(text, what string)) *statusBar {
	s := &statusBar{
		icon:    widget.NewIcon(theme.InfoIcon()),
		message: widget.NewLabel(""),
		hint:    widget.NewLabel(""),
		url:     newEscEntry(onCancel),
		relogin: widget.NewButtonWithIcon("Log in again", theme.LoginIcon(), onLogin),
		cancel:  widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), onCancel),
	}
	s.message.Wrapping = fyne.TextWrapWord
	s.hint.Wrapping = fyne.TextWrapWord
	s.hint.Importance = widget.LowImportance
	s.autoRelogin = widget.NewCheck("by itself next time", func(on bool) {
		if s.onAutoRelogin != nil {
			s.onAutoRelogin(on)
		}
	})
	s.copyURL = widget.NewButtonWithIcon("Copy URL", theme.ContentCopyIcon(), func() { copy(s.url.Text, "login URL") })
	s.dismiss = widget.NewButtonWithIcon("", theme.WindowCloseIcon(), func() { s.show(theme.InfoIcon(), widget.MediumImportance, "") })
	s.dismiss.Importance = widget.LowImportance
	urlRow := container.NewBorder(nil, nil, nil, container.NewHBox(s.copyURL, s.cancel), s.url)
	s.row = container.NewBorder(nil, nil, s.icon, container.NewHBox(s.autoRelogin, s.relogin, s.dismiss), s.message)
	s.root = container.NewVBox(s.row, s.hint, urlRow)
	s.info("")
	return s
}

func (s *statusBar) show(icon fyne.Resource, imp widget.Importance, msg string) {
	if s.logf != nil && msg != "" && !s.replaying {
		s.logf("status: %s", msg)
	}
	if s.waitingOn {
		s.hint.SetText(msg)
		s.hint.Show()
		s.logPanel("kept")
		return
	}
	s.last = func() { s.show(icon, imp, msg) }
	s.icon.SetResource(icon)
	if msg == "" { // nothing to say: no lone icon, no empty row either
		s.icon.Hide()
		s.root.Hide()
		s.last = nil
	} else {
		s.icon.Show()
		s.root.Show()
	}
	s.dismiss.Show()
	s.message.Importance = imp
	s.message.SetText(msg)
	s.hint.Hide()
	s.url.Hide()
	s.copyURL.Hide()
	s.cancel.Hide()
	s.relogin.Hide()
	s.autoRelogin.Hide()
}

// info shows a neutral message.
func (s *statusBar) info(msg string) { s.show(theme.InfoIcon(), widget.MediumImportance, msg) }

// success shows that something worked.
func (s *statusBar) success(msg string) {
	s.show(theme.NewSuccessThemedResource(theme.ConfirmIcon()), widget.SuccessImportance, msg)
}

// waiting shows the login in progress with its URL, Copy and Cancel. It
// stays until endWait, whatever else is said meanwhile.
func (s *statusBar) waiting(msg, url string) {
	s.waitingOn = false
	s.show(theme.NewPrimaryThemedResource(theme.LoginIcon()), widget.MediumImportance, msg)
	s.waitingOn = true
	s.last = nil // the snapshot's prompt shows it again
	s.dismiss.Hide()
	s.cancel.Show()
	defer s.logPanel("shown")
	if url != "" {
		s.url.SetText(url)
		s.url.Show()
		s.copyURL.Show()
	}
}

// warn shows a warning with a hint line under it.
func (s *statusBar) warn(msg, hint string) {
	s.show(theme.NewWarningThemedResource(theme.WarningIcon()), widget.WarningImportance, msg)
	if s.waitingOn {
		return
	}
	s.last = func() { s.warn(msg, hint) }
	s.hint.SetText(hint)
	s.hint.Show()
}

// endWait takes the waiting panel down (the login ended, or another
// profile is shown); the next message replaces it.
func (s *statusBar) endWait() {
	if !s.waitingOn {
		return
	}
	s.waitingOn = false
	s.show(theme.InfoIcon(), widget.MediumImportance, "")
	s.logPanel("closed")
}

// logPanel says what the waiting panel shows, so a test driving the real
// window can follow it (Deps.Logf).
func (s *statusBar) logPanel(what string) {
	if s.logf == nil {
		return
	}
	seen := func(o fyne.CanvasObject, name string) string {
		if o.Visible() {
			return name + " shown"
		}
		return name + " hidden"
	}
	s.logf("status panel %s: %s, %s, %s", what, seen(s.url, "URL"), seen(s.copyURL, "Copy URL"), seen(s.cancel, "Cancel"))
}

// failure shows an error with the provider's words and a hint; relogin
// offers "Log in again" (the refresh token is dead); kept says the tokens
// on screen are still the current ones.
func (s *statusBar) failure(err error, relogin, kept bool) {
	msg := err.Error()
	var pe *auth.ProfileError
	if errors.As(err, &pe) { // the window's words, not the command line's flags
		msg = pe.Window
	}
	s.show(theme.NewErrorThemedResource(theme.ErrorIcon()), widget.DangerImportance, msg)
	if s.waitingOn {
		return // said in the waiting panel's hint line
	}
	s.last = func() { s.failure(err, relogin, kept) }
	var oe *auth.OAuthError
	hint := ""
	if errors.As(err, &oe) {
		hint = oe.Hint()
	}
	if kept && !relogin {
		hint = strings.TrimSpace(hint + " Your current tokens were kept.")
	}
	if s.logf != nil && hint != "" && !s.replaying {
		s.logf("status hint: %s", hint)
	}
	s.hint.SetText(hint)
	if hint != "" { // no empty line under the message
		s.hint.Show()
	}
	if relogin {
		s.relogin.Show()
		if s.onAutoRelogin != nil {
			s.autoRelogin.Checked = false // not SetChecked: that would switch it
			s.autoRelogin.Refresh()
			s.autoRelogin.Show()
		}
	}
}
