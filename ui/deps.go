// Package ui is the Token Inspector window. It holds only Fyne code: it
// subscribes to the workspace (auth/workspace), draws each profile's
// snapshot on the UI goroutine, and turns clicks into workspace commands.
// No HTTP, no timer policy and no storage decision lives here.
package ui

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// Deps is what the window needs from the outside, injected so tests can
// drive it without a display, a browser or a real clock.
type Deps struct {
	// Workspace holds the profiles and their sessions; required.
	Workspace *workspace.Workspace
	// Profile names the profile to select at start ("" => the config's
	// default, else the first ad-hoc or demo profile).
	Profile string
	// Now is the clock of the countdowns; nil => the workspace's clock.
	Now func() time.Time
	// Clipboard; nil => the app's clipboard.
	Clipboard fyne.Clipboard
	// Do runs a function on the UI goroutine; nil => fyne.Do. Tests run
	// it on the test goroutine, as the real driver runs it on the main one.
	Do func(func())
	// Ticker starts the countdowns' tick every d and returns its channel
	// and how to stop it; nil => a time.Ticker. Tests tick by hand.
	Ticker func(d time.Duration) (ticks <-chan time.Time, stop func())
	// Icon is the window icon.
	Icon fyne.Resource
	// Version is what Help ▸ About says: "Token Inspector 0.1.0 (build 1)".
	Version string
	// StartupProblems are said on the status line when the window opens
	// (a config file that could not be read, unknown fields in it).
	StartupProblems []string
	// FromAPIURL, when set (the window started with --resource URL and no
	// provider), opens New profile from API URL with it filled in.
	FromAPIURL string
	// Logf, when set, receives every status line (never token values), so
	// a terminal or a test can follow what the window says.
	Logf func(format string, args ...any)
}
