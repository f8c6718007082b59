package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// tapDialogButton taps the button labelled text in the window's top
// overlay (an open dialog).
func tapDialogButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open to tap %q in", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("the open dialog has no %q button", text)
}

// The profile form deletes a saved profile after asking: it leaves the
// list, the profile picker and the config file, and the window says so.
func TestDeleteProfileFromTheForm(t *testing.T) {
	h := newHarness(t, nil)
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin = "staging", false
	if _, err := h.ws.SaveProfile("", p); err != nil {
		t.Fatal(err)
	}
	h.settle()
	test.Tap(h.u.profiles.row("staging").button)
	h.login() // a session the deletion ends

	h.u.onEditProfile()
	f := h.u.profileFormOpen
	if f.delete == nil {
		t.Fatal("the form of a saved profile offers no Delete")
	}
	test.Tap(f.delete)
	tapDialogButton(t, h.u.win, "Cancel")
	h.settle()
	if h.u.profiles.row("staging") == nil {
		t.Fatal("Cancel in the confirmation deleted the profile")
	}

	h.u.onEditProfile()
	test.Tap(h.u.profileFormOpen.delete)
	tapDialogButton(t, h.u.win, "Delete")
	h.settle()
	if h.u.profiles.row("staging") != nil {
		t.Errorf("staging is still in the profile list %v", h.u.profiles.names)
	}
	if slices.Contains(h.u.bar.profileSelect.Options, "staging") || h.u.profile == "staging" {
		t.Errorf("staging is still offered (%v) or selected (%q)", h.u.bar.profileSelect.Options, h.u.profile)
	}
	cfg, err := config.LoadConfig(h.cfg.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cfg.Find("staging"); ok {
		t.Error("staging is still in the config file")
	}
	if got := statusOf(h.u); !strings.Contains(got, "Deleted profile staging") {
		t.Errorf("status %q; want the deletion said", got)
	}
}

// A built-in profile cannot be deleted: its form has no Delete.
func TestBuiltinProfileFormHasNoDelete(t *testing.T) {
	h := newHarness(t, nil)
	if !h.u.current().Profile.Builtin {
		t.Skipf("the first profile %q is not built in", h.u.profile)
	}
	h.u.onEditProfile()
	if h.u.profileFormOpen.delete != nil {
		t.Error("the built-in profile's form offers Delete")
	}
}
