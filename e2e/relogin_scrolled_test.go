package e2e

import (
	"context"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The claims table's first rows after a new login made while the table was
// scrolled down (issue 26, item 12: they were drawn blank until the user
// scrolled). Fyne's test driver does not draw table cells, so this is
// checked on the real window's pixels: the rows header.alg … sub are the
// same in both logins of one demo run, so the table scrolled back to the top
// must look as it did after the first login.
func TestClaimsTableRedrawnAfterReloginWhileScrolled(t *testing.T) {
	requireE2E(t)
	a := startDeviceApp(t)

	login := func(n int) {
		t.Helper()
		a.key("ctrl+l")
		a.waitLogCount("device login: open ", n)
		all := deviceLine.FindAllStringSubmatch(a.stderr.String(), -1)
		m := all[len(all)-1]
		page, err := url.Parse(m[1])
		if err != nil {
			t.Fatal(err)
		}
		page.RawQuery = ""
		resp, err := http.PostForm(page.String(), url.Values{"user_code": {m[2]}, "decision": {"approve"}})
		if err != nil {
			t.Fatalf("approving the device code: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("approving the device code: HTTP %d", resp.StatusCode)
		}
		a.waitLogCount("signature of the access token: verified", n)
		time.Sleep(time.Second) // the views are drawn after the log line
	}
	// The pointer rests low over the claims table (a row under it may be
	// highlighted), below the rows compared.
	pointer := func() { a.xdo("mousemove", "--window", a.window, "400", "600") }
	wheel := func(button string, n int) {
		for i := 0; i < n; i++ {
			a.xdo("click", "--window", a.window, button)
			time.Sleep(80 * time.Millisecond)
		}
		time.Sleep(700 * time.Millisecond)
	}

	login(1)
	pointer()
	time.Sleep(500 * time.Millisecond)
	before := a.windowShot(t, "relogin-before.png")

	wheel("5", 8) // scroll the claims down
	scrolled := a.windowShot(t, "relogin-scrolled.png")
	if sameRows(before, scrolled) {
		t.Fatal("scrolling did not move the claims table: the test would show nothing")
	}
	login(2)
	pointer()
	wheel("4", 12) // and back to the top
	after := a.windowShot(t, "relogin-after.png")
	if !sameRows(before, after) {
		t.Errorf("after a new login made while the table was scrolled, its first rows are not drawn as before (see build/e2e/relogin-before.png and relogin-after.png)")
	}
}

// rowsArea is where the claims table's first rows (header.alg, header.kid,
// header.typ, sub) sit in the 1100×680 window: the Claim and Value columns
// below the table's column titles.
var rowsArea = image.Rect(165, 282, 650, 430)

// sameRows reports whether two window pictures agree in rowsArea.
func sameRows(a, b image.Image) bool {
	for y := rowsArea.Min.Y; y < rowsArea.Max.Y; y++ {
		for x := rowsArea.Min.X; x < rowsArea.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// xdo runs xdotool against the test display.
func (a *app) xdo(args ...string) {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := a.x(ctx, "xdotool", args...); err != nil {
		a.t.Fatal(err)
	}
}

// windowShot saves the window's picture under build/e2e/ and decodes it.
func (a *app) windowShot(t *testing.T, name string) image.Image {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "build", "e2e")
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, name)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := a.x(ctx, "import", "-window", strings.TrimSpace(a.window), "png24:"+path); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if b := img.Bounds(); !rowsArea.In(b) {
		t.Fatalf("the window is %v, too small for the rows compared (%v)", b, rowsArea)
	}
	return img
}
