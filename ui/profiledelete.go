package ui

// Deleting the selected profile: the profile form's "Delete profile…"
// asks first; the workspace ends the session and deletes its keyring
// entries, config entry and history; the deleted profile's last snapshot
// reports it (controller.go).

import (
	"fmt"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// deletable reports whether the profile form offers to delete p: a saved
// profile that is not built in.
func deletable(p auth.Profile) bool { return p.Name != "" && !p.Builtin }

// confirmDeleteProfile asks before deleting the profile named name.
func (u *UI) confirmDeleteProfile(name string) {
	d := dialog.NewConfirm("Delete profile",
		"Delete the profile "+name+"? Its session ends, and its keyring entries, its entry in the config file and its history are deleted.",
		func(ok bool) {
			if ok {
				u.deleteProfile(name)
			}
		}, u.win)
	d.SetConfirmText("Delete")
	d.SetDismissText("Cancel")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// deleteProfile hands the deletion to the workspace; how it went arrives
// as the profile's last snapshot.
func (u *UI) deleteProfile(name string) {
	if _, err := u.ws.DeleteProfile(name); err != nil {
		u.status.failure(fmt.Errorf("profile not deleted: %w", err), false, false)
		return
	}
	if t := u.views.tryIt; t != nil {
		t.forgetDraft(name)
	}
	u.status.info("Deleting profile " + name + "…")
}
