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
	stored        *widget.Label  // what the keyring holds for the profile
	forget        *widget.Button // shown only when something is stored
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
	b.newProfile = widget.NewButtonWithIcon("", theme.ContentAddIcon(), u.onNewProfileMenu)
	b.remember = widget.NewCheck("Remember", func(on bool) {
		if !b.drawing {
			u.onRemember(on)
		}
	})
	b.stored = widget.NewLabel("")
	b.stored.Importance = widget.LowImportance
	// Forget is the bin after what is stored: a word would push the row
	// past 800 px.
	b.forget = widget.NewButtonWithIcon("", theme.DeleteIcon(), u.onForget)
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
	// The row never widens the window: what the keyring holds is the one
	// text that grows, and it is shortened (…) to the room left. The
	// profile is picked in the list beside the views (✎ and + are there);
	// profileSelect stays the one place the selection goes through.
	b.stored.Truncation = fyne.TextTruncateEllipsis
	b.root = container.NewBorder(nil, nil,
		container.NewHBox(b.login, b.refresh, b.copyBearer, widget.NewSeparator(), b.remember),
		container.NewHBox(b.forget, widget.NewSeparator(), b.auto,
			container.NewGridWrap(fyne.NewSize(56, b.autoSeconds.MinSize().Height), b.autoSeconds), widget.NewLabel("s before expiry")),
		b.stored)
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
	// A dead refresh token waits for a new login.
	enable(b.refresh, ts != nil && ts.RefreshToken != "" && s.State != workspace.Refreshing && !s.RefreshDead())
	enable(b.copyBearer, ts != nil && ts.AccessToken != "")
	b.remember.SetChecked(s.Remember.On)
	text, any := storedText(s)
	showText(b.stored, text, text != "")
	if any {
		b.forget.Show()
	} else {
		b.forget.Hide()
	}
	b.auto.SetChecked(s.Auto.On)
	if s.Auto.On && s.Auto.Lead > 0 && b.lead() != s.Auto.Lead {
		b.autoSeconds.SetText(strconv.Itoa(int(s.Auto.Lead / time.Second)))
	}
}

// storedText says what the keyring holds for the profile ("" when
// Remember is off and nothing is stored); any is true when there is
// something Forget could delete.
func storedText(s workspace.Snapshot) (text string, any bool) {
	r := s.Remember
	var what []string
	if r.StoredRefresh {
		what = append(what, "refresh token")
	}
	if r.StoredSecret {
		what = append(what, "client secret")
	}
	switch {
	case len(what) > 0:
		text = "stored: " + strings.Join(what, " + ")
		if r.Stale != nil {
			text += " (an older one ⚠)"
		}
		return text, true
	case !r.On:
		return "", false
	case r.Stale != nil:
		return "stored: nothing (the keyring refused ⚠)", false
	case s.Tokens == nil:
		return "stored: nothing yet (at login)", false
	case s.Tokens.RefreshToken == "":
		return "stored: nothing (no refresh token)", false
	}
	return "stored: nothing", false
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
