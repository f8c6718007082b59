package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The window fits in 800×500 with tokens shown (failing checks listed),
// and a growing toolbar text (what the keyring holds) is shortened instead
// of widening the window.
func TestWindowFitsIn800x500(t *testing.T) {
	h := newHarness(t, nil)
	h.login()
	h.settle()
	fits := func(when string) fyne.Size {
		t.Helper()
		m := h.u.win.Content().MinSize()
		// The window's menu bar takes about 30 of the 500.
		if m.Width > 800 || m.Height > 470 {
			t.Errorf("%s: the content cannot be smaller than %.0f×%.0f, want it to fit 800×470 (800×500 with the menu bar)", when, m.Width, m.Height)
		}
		return m
	}
	before := fits("logged in")
	h.u.bar.stored.SetText("stored: refresh token + client secret (an older one ⚠)" + strings.Repeat(" and more", 10))
	h.u.bar.stored.Show()
	h.u.bar.forget.Show()
	after := fits("a long keyring note")
	// Forget (an icon) appears; the text itself takes no more than "s…".
	allowance := h.u.bar.forget.MinSize().Width + fyne.MeasureText("st…", theme.TextSize(), fyne.TextStyle{}).Width + 4*theme.Padding() + 2*theme.InnerPadding()
	if after.Width > before.Width+allowance {
		t.Errorf("a longer toolbar text widened the window: %.0f → %.0f", before.Width, after.Width)
	}
	v := h.u.views
	for name, it := range map[string]*navItem{"Decode": v.tabDecode, "Compare": v.tabCompare, "History": v.tabHistory} {
		v.tabs.Select(it)
		fits(name)
	}
}
