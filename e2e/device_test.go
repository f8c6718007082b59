package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var deviceLine = regexp.MustCompile(`device login: open (\S+) \(user code ([A-Z0-9-]+)\)`)

// startDeviceApp starts the window on its own display with one demo
// profile, "tv", that logs in with the device flow.
func startDeviceApp(t *testing.T) *app {
	t.Helper()
	bin := buildApp(t)
	display := startXvfb(t)
	cfg := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(cfg, []byte(`{"profiles":[{"name":"tv","demo":true,"client_id":"tokeninspector-demo",
		"client_secret":"demo-secret","grant":"device_code","scopes":["openid","profile","email"]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	return startApp(t, bin, display, "--config", cfg, "--profile", "tv")
}

// A device login (RFC 8628) in the real window: the panel shows the user
// code; the code is approved on the demo provider's device page in a real
// Chromium; the window's polling gets the tokens.
func TestDeviceLoginInTheRealBrowser(t *testing.T) {
	requireE2E(t)
	a := startDeviceApp(t)
	a.key("ctrl+l")
	a.waitLog("device login: open ")
	m := deviceLine.FindStringSubmatch(a.stderr.String())
	if m == nil {
		t.Fatalf("no device login line in:\n%s", a.stderr.String())
	}
	a.screenshot("device-login.png")
	tab := newChromium(t)
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(m[1]),
		chromedp.WaitVisible(chromedp.ID("signin")),
	); err != nil {
		t.Fatalf("device page: %v", err)
	}
	code, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("user_code")))
	if err != nil {
		t.Fatal(err)
	}
	// The form page has a #message of its own: wait for the form to go
	// before reading the answer page, or the read races the navigation.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("signin")), chromedp.WaitNotPresent(chromedp.ID("signin")),
		chromedp.WaitVisible(chromedp.ID("message"))); err != nil {
		t.Fatalf("approving: %v", err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("title")))
	if err != nil {
		t.Fatal(err)
	}
	if code != m[2] || !strings.Contains(title, "approved") {
		t.Fatalf("device page: code %q (window showed %q), title %q", code, m[2], title)
	}
	a.waitLog("status: Logged in as qa@example.test")
	a.waitLog("signature of the access token: verified")
	a.screenshot("device-logged-in.png")
}
