package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"github.com/tokeninspector/tokeninspector/auth"
)

// TestScreenshots remakes the README's pictures from the real window
// under Xvfb: the main states as PNGs and an animated GIF of login →
// countdown → refresh → clipboard. Run by scripts/screenshots.sh.
func TestScreenshots(t *testing.T) {
	if os.Getenv("TOKENINSPECTOR_SCREENSHOTS") == "" {
		t.Skip("remakes docs/*.png and docs/*.gif: run scripts/screenshots.sh")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "xclip", "import", "convert", "chromium"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: run scripts/ensure-deps.sh test", tool)
		}
	}
	docs := filepath.Join(repoRoot(t), "docs")
	frames := t.TempDir()
	bin := buildApp(t)
	display := startXvfb(t)
	a := startApp(t, bin, display)
	tab := newChromium(t)
	n := 0
	frame := func(repeat int) {
		for range repeat {
			a.shotWindow(filepath.Join(frames, fmt.Sprintf("f%03d.png", n)))
			n++
		}
	}
	settle := func() { time.Sleep(700 * time.Millisecond) } // a repaint or two

	settle()
	frame(2) // logged out
	a.key("ctrl+l")
	url := a.nextURL(0)
	a.waitLog("status panel shown")
	settle()
	frame(2) // waiting for the browser
	signIn(t, tab, url, "signin", "ok")
	a.waitLog("status: Logged in as")
	a.waitLog("signature of the access token: verified")
	settle()
	a.shotWindow(filepath.Join(docs, "screenshot-logged-in.png"))
	for range 3 { // the countdown runs
		frame(1)
		time.Sleep(time.Second)
	}
	a.key("ctrl+r")
	a.waitLog("refresh token rotated")
	a.waitLogCount("signature of the access token: verified", 2)
	bearer := a.clipboardChange("", func(s string) bool { return strings.HasPrefix(s, "Bearer ") })
	settle()
	frame(3) // refreshed, Bearer copied
	a.key("ctrl+4")
	settle()
	frame(2) // the response
	a.key("ctrl+5")
	settle()
	a.key("space") // the refresh
	a.key("Down")
	a.key("space") // the login
	settle()
	frame(3)
	a.shotWindow(filepath.Join(docs, "screenshot-history-diff.png"))
	a.key("ctrl+7")
	settle()
	frame(2)
	a.shotWindow(filepath.Join(docs, "screenshot-compare.png"))
	// The dialogs, for a look (not in the README).
	extra := filepath.Join(repoRoot(t), "build", "screenshots")
	os.MkdirAll(extra, 0o755)
	a.key("ctrl+comma")
	settle()
	a.shotWindow(filepath.Join(extra, "settings.png"))
	a.key("Escape")
	settle()
	a.key("ctrl+slash")
	settle()
	a.shotWindow(filepath.Join(extra, "shortcuts.png"))
	a.key("Escape")
	settle()

	// The device flow: a second window on a demo profile with the device grant.
	cfgPath := filepath.Join(t.TempDir(), "config.json")
	cfg, err := config.LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin, p.Grant = "demo-device", false, auth.GrantDeviceCode
	cfg.Put(p)
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	a.cmd.Process.Kill()
	<-a.exited
	d := startApp(t, bin, display, "--config", cfgPath, "--profile", "demo-device")
	settle()
	d.key("ctrl+l")
	time.Sleep(2 * time.Second)
	d.shotWindow(filepath.Join(docs, "screenshot-device.png"))

	gif := filepath.Join(docs, "login-refresh.gif")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "convert", "-delay", "80", "-loop", "0", filepath.Join(frames, "f*.png"),
		"-resize", "880x", "-layers", "Optimize", gif)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("convert: %v\n%s", err, out)
	}
	t.Logf("wrote %d frames to %s; Bearer on the clipboard: %d chars", n, gif, len(bearer))
}

// shotWindow saves the app's window (not the whole screen) as a PNG.
func (a *app) shotWindow(path string) {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := a.x(ctx, "import", "-window", a.window, path); err != nil {
		a.t.Fatalf("screenshot: %v", err)
	}
}
