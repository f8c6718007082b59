package ui

// Clipboard actions: bearer, header, curl, raw tokens.

import (
	"github.com/tokeninspector/tokeninspector/auth"
)

// onCopyBearer copies "Bearer <access token>".
func (u *UI) onCopyBearer() { u.copyAccess("Bearer ", "Bearer token") }

// onCopyRefreshToken copies the raw refresh token (for Postman's refresh flow).
func (u *UI) onCopyRefreshToken() {
	ts := u.tokens()
	if ts == nil || ts.RefreshToken == "" {
		u.status.info("No refresh token to copy.")
		return
	}
	u.copyText(ts.RefreshToken, "refresh token")
}

// copyAccess copies prefix + access token.
func (u *UI) copyAccess(prefix, what string) {
	if ts := u.accessSet(); ts != nil {
		u.copyText(prefix+ts.AccessToken, what)
	}
}

// onCopyCurl copies a curl command calling the provider's userinfo
// endpoint (or a placeholder URL) with the access token.
func (u *UI) onCopyCurl() {
	ts := u.accessSet()
	if ts == nil {
		return
	}
	target := "https://api.example.com/"
	if ui := u.current().Endpoints.UserinfoURL; ui != "" {
		target = ui
	}
	// A DPoP-bound token gets a fresh proof for this request (RFC 9449 §7.1).
	cmd, err := ts.Curl("GET", target, u.deps.Now())
	if err != nil {
		u.status.failure(err, false, true)
		return
	}
	u.copyText(cmd, "curl command")
}

// accessSet is the current token set when it has an access token; otherwise
// it says so and returns nil.
func (u *UI) accessSet() *auth.TokenSet {
	s := u.current()
	ts := s.Tokens
	switch {
	case ts == nil || ts.AccessToken == "":
		u.status.info("No access token yet — log in first (Ctrl+L).")
		return nil
	case s.Refused != nil:
		u.status.info("These tokens were refused (see the red banner): press Use anyway before copying them for use.")
		return nil
	}
	return ts
}

// copyText puts text on the clipboard and says what was copied (never the value).
func (u *UI) copyText(text, what string) {
	u.deps.Clipboard.SetContent(text)
	u.status.info("Copied " + what + " to the clipboard.")
}
