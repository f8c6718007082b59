package e2e

import (
	"strings"
	"testing"
	"time"
)

// Copying the login URL while a login waits keeps the waiting panel — the
// URL, Copy URL and Cancel — on screen until the login ends; Esc cancels.
func TestCopyURLKeepsCancelOnScreen(t *testing.T) {
	requireE2E(t)
	bin := buildApp(t)
	display := startXvfb(t)
	a := startApp(t, bin, display)

	a.key("ctrl+l")
	url := a.nextURL(0) // the browser is never used: the login keeps waiting
	a.waitLog("status panel shown: URL shown, Copy URL shown, Cancel shown")
	a.key("ctrl+shift+u") // Copy URL
	if got := a.clipboardChange("", func(s string) bool { return strings.HasPrefix(s, "http") }); got != url {
		t.Fatalf("clipboard = %.60q; want the login URL %.60q", got, url)
	}
	a.waitLog("status: Copied login URL to the clipboard.")
	a.waitLog("status panel kept: URL shown, Copy URL shown, Cancel shown")
	time.Sleep(200 * time.Millisecond) // let a redraw that would hide it happen
	if strings.Contains(a.stderr.String(), "status panel closed") {
		t.Fatal("the waiting panel closed while the login still waits")
	}
	a.screenshot("waiting-after-copy.png")
	a.key("Escape")
	a.waitLog("status: Login cancelled.")
	a.waitLog("status panel closed")
}
