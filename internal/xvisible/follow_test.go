//go:build linux || freebsd || openbsd || netbsd

package xvisible

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestFollowWindowWithoutX11: a window that is not an X11 one (here the
// Fyne test driver's) is never reported hidden, and stop is safe to call.
func TestFollowWindowWithoutX11(t *testing.T) {
	a := test.NewTempApp(t)
	win := a.NewWindow("plain")
	defer win.Close()
	stop, err := Follow(win, func(shown bool) { t.Errorf("reported shown=%v for a window without X11", shown) })
	if err != nil {
		t.Fatal(err)
	}
	stop()
	stop()
}
