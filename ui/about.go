package ui

import (
	"runtime"
	"runtime/debug"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// aboutText is Help ▸ About's text: the version, what the window is built
// with, and where the help is.
func (u *UI) aboutText() string {
	v := u.deps.Version
	if v == "" {
		v = "Token Inspector (version not set)"
	}
	fyneVersion := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "fyne.io/fyne/v2" {
				fyneVersion = m.Version
			}
		}
	}
	return v + "\n\nLog in through OAuth 2.0 / OpenID Connect,\nlook inside the tokens, keep them fresh.\n\n" +
		"Built with " + runtime.Version() + " and Fyne " + fyneVersion + " for " + runtime.GOOS + "/" + runtime.GOARCH + ".\n" +
		"The command line: tokeninspector help (each command: tokeninspector COMMAND --help).\n" +
		"Keyboard shortcuts: Help ▸ Keyboard shortcuts (Ctrl+/)."
}

// onAbout shows Help ▸ About.
func (u *UI) onAbout() {
	d := dialog.NewCustom("About Token Inspector", "Close", widget.NewLabel(u.aboutText()), u.win)
	d.Show()
	u.helpOpen = d
}
