package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// Esc cancels a waiting login even while the login URL field has the
// keyboard (the driver then hands the key to the field, not the window).
func TestEscInTheURLFieldCancelsTheLogin(t *testing.T) {
	h := newHarness(t, nil)
	h.startWaitingLogin()
	c := h.u.win.Canvas()
	c.Focus(h.u.status.url)
	if c.Focused() == nil {
		t.Fatal("the URL field took no focus")
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // what the driver does with a focused widget
	h.waitUntil("the login to end", func() bool { return h.u.current().State != workspace.LoggingIn })
	h.settle()
	if h.u.status.message.Text != "Login cancelled." {
		t.Errorf("after one Esc in the URL field: state %v, status %q", h.u.current().State, h.u.status.message.Text)
	}
}

// While a login waits, the main area says what it waits for: the browser
// sign-in, or (device login) the approval, with the user code large —
// not "Press Log in … a browser window opens".
func TestMainAreaSaysWhatTheLoginWaitsFor(t *testing.T) {
	h := newHarness(t, nil)
	h.startWaitingLogin()
	if got := h.u.views.access.empty.Text; strings.Contains(got, "Press Log in") || !strings.Contains(got, "Waiting for you to sign in") {
		t.Errorf("browser login waiting, main area says %q", got)
	}

	d := newHarness(t, nil)
	d.saveDemoProfile("tv", func(p *auth.Profile) { p.Grant = auth.GrantDeviceCode })
	if got := d.u.views.access.empty.Text; strings.Contains(got, "browser window opens") {
		t.Errorf("device profile before login: %q", got)
	}
	test.Tap(d.u.bar.login)
	d.waitUntil("the device panel", func() bool { return d.u.device.shown != nil })
	got := d.u.views.access.empty.Text
	if strings.Contains(got, "Press Log in") || !strings.Contains(got, "Waiting for approval") {
		t.Errorf("device login waiting, main area says %q", got)
	}
	if !strings.Contains(d.u.device.poll.Text, "Waiting for approval") {
		t.Errorf("device panel says %q", d.u.device.poll.Text)
	}
	if d.u.device.code.SizeName != theme.SizeNameHeadingText {
		t.Errorf("the user code is drawn at %q, want the heading size", d.u.device.code.SizeName)
	}
}
