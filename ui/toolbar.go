package ui

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// toolbar is the row at the top: profile picker and editing, Remember,
// the session's actions and auto-refresh.
type toolbar struct {
	profileSelect *widget.Select
	editProfile   *widget.Button
	newProfile    *widget.Button
	remember      *widget.Check
	forget        *widget.Button
	login         *widget.Button
	refresh       *widget.Button
	copyBearer    *widget.Button
	auto          *widget.Check
	autoSeconds   *widget.Entry
	root          *fyne.Container
	// drawing is set while a snapshot is drawn, so the checks' callbacks
	// can tell the user's clicks from the window's own updates.
	drawing bool
}

func newToolbar(u *UI) *toolbar {
	b := &toolbar{}
	b.profileSelect = widget.NewSelect(nil, u.onProfileSelected)
	b.editProfile = widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), u.onEditProfile)
	b.newProfile = widget.NewButtonWithIcon("", theme.ContentAddIcon(), u.onNewProfile)
	b.remember = widget.NewCheck("Remember", func(on bool) {
		if !b.drawing {
			u.onRemember(on)
		}
	})
	b.forget = widget.NewButtonWithIcon("Forget", theme.DeleteIcon(), u.onForget)
	b.login = widget.NewButtonWithIcon("Log in", theme.LoginIcon(), u.onLogin)
	b.login.Importance = widget.HighImportance
	b.refresh = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), u.onRefresh)
	b.copyBearer = widget.NewButtonWithIcon("Copy Bearer", theme.ContentCopyIcon(), u.onCopyBearer)
	b.autoSeconds = widget.NewEntry()
	b.autoSeconds.SetText(strconv.Itoa(int(workspace.DefaultAutoLead / time.Second)))
	b.autoSeconds.OnChanged = func(string) {
		if !b.drawing && b.auto.Checked {
			u.onAutoRefresh(true)
		}
	}
	b.auto = widget.NewCheck("Auto-refresh", func(on bool) {
		if !b.drawing {
			u.onAutoRefresh(on)
		}
	})
	b.root = container.NewHBox(
		b.profileSelect, b.editProfile, b.newProfile, b.remember, b.forget, widget.NewSeparator(),
		b.login, b.refresh, b.copyBearer, widget.NewSeparator(),
		b.auto, container.NewGridWrap(fyne.NewSize(56, b.autoSeconds.MinSize().Height), b.autoSeconds), widget.NewLabel("s before expiry"),
	)
	return b
}

// lead is the auto-refresh lead typed into the toolbar (30 s when unreadable).
func (b *toolbar) lead() time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(b.autoSeconds.Text))
	if err != nil || n < 0 {
		return workspace.DefaultAutoLead
	}
	return time.Duration(n) * time.Second
}

// draw shows s: which actions make sense now, Remember and auto-refresh.
func (b *toolbar) draw(s workspace.Snapshot) {
	b.drawing = true
	defer func() { b.drawing = false }()
	ts := s.Tokens
	enable(b.login, s.State != workspace.LoggingIn)
	enable(b.refresh, ts != nil && ts.RefreshToken != "" && s.State != workspace.Refreshing)
	enable(b.copyBearer, ts != nil && ts.AccessToken != "")
	b.remember.SetChecked(s.Remember.On)
	enable(b.forget, s.Remember.On || s.Remember.StoredRefresh || s.Remember.StoredSecret)
	b.auto.SetChecked(s.Auto.On)
	if s.Auto.On && s.Auto.Lead > 0 && b.lead() != s.Auto.Lead {
		b.autoSeconds.SetText(strconv.Itoa(int(s.Auto.Lead / time.Second)))
	}
}

func enable(b interface {
	Enable()
	Disable()
}, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}
