package ui

// The status line for operations that reach the keyring or the config
// file: Remember, Forget, a restored session, a saved or deleted profile.

import (
	"errors"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

func (u *UI) reportRestore(s workspace.Snapshot, r *workspace.OpResult) {
	switch {
	case r.Err != nil:
		u.keyringTrouble("", r.Err.Error(), r.Err)
	case s.Restored:
		u.status.success("Session restored from the keyring — press Refresh (Ctrl+R) for new tokens.")
		u.views.tabs.Select(u.views.tabRefresh)
	default:
		u.status.success("Session restored from the keyring (received " + r.New.ReceivedAt.Format("15:04:05") + ").")
	}
}

func (u *UI) reportRemember(s workspace.Snapshot, r *workspace.OpResult) {
	name := s.Profile.Name
	switch {
	case r.StoreErr != nil:
		u.keyringTrouble("", "Remember is on for "+name+", but the keyring was not updated.", r.StoreErr)
	case r.Err != nil:
		u.status.failure(r.Err, false, false)
	case s.Tokens != nil:
		u.status.success("Remembered: the refresh token of " + name + " is in the keyring and follows every rotation.")
	default:
		u.status.success("Remember is on: the session of " + name + " goes to the keyring when you log in.")
	}
}

func (u *UI) reportForget(s workspace.Snapshot, r *workspace.OpResult) {
	name := s.Profile.Name
	switch {
	case errors.Is(r.StoreErr, keyring.ErrNoKeyring):
		u.status.success("Forgot " + name + " (no keyring: nothing was stored beyond this run; the tokens on screen stay until you quit).")
	case r.StoreErr != nil:
		u.keyringTrouble("", "Forget "+name+": the keyring entries could not be removed.", r.StoreErr)
	case r.Err != nil:
		u.status.failure(r.Err, false, false)
	default:
		u.status.success("Forgot " + name + ": its refresh token and client secret are gone from the keyring (the tokens on screen stay until you quit).")
	}
}

func (u *UI) reportSave(s workspace.Snapshot, r *workspace.OpResult) {
	name := s.Profile.Name
	switch {
	case r.Err != nil:
		u.status.failure(r.Err, false, false)
	case r.StoreErr != nil:
		u.keyringTrouble("Saved profile "+name, "", r.StoreErr)
	case r.Old != nil:
		u.status.warn("Saved profile "+name+" to "+r.Path+": its session ended with the change.", "Log in again (Ctrl+L) for tokens under the new settings.")
	default:
		u.status.success("Saved profile " + name + " to " + r.Path)
	}
}

func (u *UI) reportDelete(s workspace.Snapshot, r *workspace.OpResult) {
	name := s.Profile.Name
	switch {
	case r.Err != nil:
		u.status.failure(r.Err, false, false)
	case r.StoreErr != nil:
		u.keyringTrouble("Deleted profile "+name, "its keyring entries could not be removed.", r.StoreErr)
	default:
		u.status.success("Deleted profile " + name + ".")
	}
}

// reportStored shows ok, or says why the keyring does not hold the result.
func (u *UI) reportStored(r *workspace.OpResult, ok string) {
	err := r.StoreErr
	switch {
	case err == nil:
		u.status.success(ok)
	case errors.Is(err, keyring.ErrNoKeyring):
		u.keyringTrouble(ok, "", err)
	default:
		u.warn(ok+" · ⚠ the keyring copy is stale",
			"Storing the new refresh token failed ("+err.Error()+"). The new tokens work now; the keyring still holds the previous refresh token, so after a restart you may have to log in again.")
	}
}

// keyringTrouble shows a store error after what happened. ErrNoKeyring
// gets the memory-only notice instead of the failure.
func (u *UI) keyringTrouble(what, failed string, err error) {
	if errors.Is(err, keyring.ErrNoKeyring) {
		msg := "No keyring reachable: remembered sessions are kept in memory only until you quit."
		if what != "" {
			msg = what + " · " + msg
		}
		reason := err.Error()
		if ke := (*keyring.KeyringError)(nil); errors.As(err, &ke) {
			reason = ke.Reason
		}
		u.warn(msg, "Remember needs the OS keyring (the Secret Service on Linux), which did not answer: "+reason)
		return
	}
	if what != "" {
		failed = strings.TrimSuffix(what+" · "+failed, " · ")
	}
	u.warn(failed, err.Error())
}

// warn shows a warning with a hint line under it.
func (u *UI) warn(msg, hint string) { u.status.warn(msg, hint) }
