package ui

// The toolbar's commands: each becomes one workspace command; what came of
// it arrives later as a snapshot (report.go).

import (
	"errors"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// onLogin starts a browser login for the selected profile.
func (u *UI) onLogin() {
	if u.current().State == workspace.LoggingIn {
		return // one login at a time; Cancel ends it
	}
	if pe := missingForLogin(u.current().Profile); pe != nil {
		u.status.warn(pe.Window, "Nothing was sent: the profile is not complete yet.")
		return
	}
	u.ws.Login(u.profile) // the waiting panel follows with the snapshot
}

// onCancelLogin stops the selected profile's waiting login.
func (u *UI) onCancelLogin() { u.ws.Cancel(u.profile) }

// onRefresh refreshes the selected profile's tokens; its result copies the
// new Bearer to the clipboard. A click while one runs joins it.
func (u *UI) onRefresh() {
	s := u.current()
	if s.Tokens == nil || s.Tokens.RefreshToken == "" {
		u.status.info("Log in first (Ctrl+L): there is nothing to refresh.")
		return
	}
	if s.RefreshDead() {
		u.status.warn("The refresh token is dead: the provider refused it (invalid_grant).", "Log in again (Ctrl+L) for new tokens; Refresh waits until then.")
		return
	}
	if s.State != workspace.Refreshing {
		u.status.info("Refreshing…")
	}
	u.copyOn[u.profile] = u.ws.Refresh(u.profile, workspace.Manual)
}

// onAutoRefresh switches auto-refresh for the selected profile.
func (u *UI) onAutoRefresh(on bool) { u.ws.SetAutoRefresh(u.profile, on, u.bar.lead()) }

// onRemember switches Remember for the selected profile.
func (u *UI) onRemember(on bool) {
	if on != u.current().Remember.On {
		u.ws.SetRemember(u.profile, on)
	}
}

// onForget deletes the selected profile's stored secrets and turns Remember off.
func (u *UI) onForget() { u.ws.SetRemember(u.profile, false) }

// onUseAnyway takes the selected profile's refused tokens: from then on
// they are remembered, auto-refreshed and copied like any others.
func (u *UI) onUseAnyway() {
	if u.current().Refused == nil {
		return
	}
	u.ws.UseAnyway(u.profile)
}

// missingForLogin is what the profile lacks before a login can start, in
// the window's words, or nil. Only what the profile alone decides: a
// client secret may still come from the keyring or the environment.
func missingForLogin(p auth.Profile) *auth.ProfileError {
	var pe *auth.ProfileError
	if err := p.Validate(); errors.As(err, &pe) && (pe.Field == auth.FieldClientID || pe.Field == auth.FieldIssuer) {
		return pe
	}
	return nil
}
