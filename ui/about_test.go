package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/dialog"
)

// Help ▸ About is in the menu and says the version the window was given.
func TestHelpAboutShowsTheVersion(t *testing.T) {
	h := newHarness(t, nil)
	h.u.deps.Version = "Token Inspector 9.8.7 (build 6)"
	var about func()
	for _, m := range h.u.win.MainMenu().Items {
		for _, it := range m.Items {
			if m.Label == "Help" && strings.HasPrefix(it.Label, "About") {
				about = it.Action
			}
		}
	}
	if about == nil {
		t.Fatal("no Help ▸ About menu item")
	}
	about()
	if _, ok := h.u.helpOpen.(*dialog.CustomDialog); !ok || !h.u.win.Canvas().Overlays().Top().Visible() {
		t.Fatal("About opened no dialog")
	}
	if text := h.u.aboutText(); !strings.Contains(text, "Token Inspector 9.8.7 (build 6)") || !strings.Contains(text, "Fyne ") {
		t.Errorf("About says %q", text)
	}
}
