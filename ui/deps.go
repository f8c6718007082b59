// Package ui is the Token Inspector window. It holds only Fyne code and
// talks to package auth through its controller methods (controller.go:
// providers from Deps, then auth.Session); no HTTP happens here.
package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/tokeninspector/tokeninspector/auth"
)

// Deps is what the window needs from the outside, injected so tests can
// drive it without a display, a browser or a real clock.
type Deps struct {
	// Config holds the user's profiles; the profile form saves to it.
	Config *auth.Config
	// Providers resolves a profile (discovery, demo provider start-up).
	Providers func(ctx context.Context, p auth.Profile) (*auth.Provider, error)
	// Now is the clock; nil => time.Now.
	Now func() time.Time
	// Clipboard; nil => the app's clipboard.
	Clipboard fyne.Clipboard
	// Profile names the profile to select at start ("" => config default or demo).
	Profile string
	// AdHoc, when set, is a profile built from command-line flags; it is
	// listed and selected.
	AdHoc *auth.Profile
	// Icon is the window icon.
	Icon fyne.Resource
	// Logf, when set, receives every status line (never token values), so
	// a terminal or a test can follow what the window says.
	Logf func(format string, args ...any)
	// Secrets keeps the refresh tokens (and typed client secrets) of
	// profiles with Remember on; nil => memory only (nothing survives a restart).
	Secrets auth.SecretStore
}
