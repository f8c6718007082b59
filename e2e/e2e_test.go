// Package e2e drives the real tokeninspector binary the way a person does:
// a window under Xvfb, a real Chromium as the system browser, keyboard
// shortcuts through xdotool and the X clipboard through xclip.
package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/discovery"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

func TestLoginRefreshClipboard(t *testing.T) {
	requireE2E(t)
	start := time.Now()
	bin := buildApp(t)
	display := startXvfb(t)
	a := startApp(t, bin, display) // nothing configured: the demo profile
	tab := newChromium(t)

	// Log in with Ctrl+L; the browser signs in on the demo provider's page.
	a.key("ctrl+l")
	page := signIn(t, tab, a.nextURL(0), "signin", "ok")
	if !strings.Contains(page, "Login complete") || !strings.Contains(page, "You can close this tab") {
		t.Fatalf("success page says %q", page)
	}
	a.waitLog("status: Logged in as qa@example.test")

	// Keep the login's refresh and access tokens (Ctrl+Shift+R, Ctrl+Shift+C).
	a.key("ctrl+shift+r")
	oldRefresh := a.clipboardChange("", func(s string) bool { return strings.Count(s, ".") == 2 && !strings.HasPrefix(s, "Bearer ") })
	a.key("ctrl+shift+c")
	oldBearer := a.clipboardChange(oldRefresh, func(s string) bool { return strings.HasPrefix(s, "Bearer ") })

	// Refresh with Ctrl+R: the clipboard gets the new bearer.
	a.key("ctrl+r")
	newBearer := a.clipboardChange(oldBearer, func(s string) bool { return strings.HasPrefix(s, "Bearer ") })
	a.waitLog("refresh token rotated")
	a.waitLogCount("signature of the access token: verified", 2) // login's and refresh's
	shot := a.screenshot("window.png")
	t.Logf("screenshot: %s", shot)

	access := jose.UnverifiedDecode(strings.TrimPrefix(newBearer, "Bearer "))
	before := jose.UnverifiedDecode(strings.TrimPrefix(oldBearer, "Bearer "))
	if access.Format != jose.FormatJWT || access.JTI == "" || access.JTI == before.JTI {
		t.Fatalf("new access token jti %q (format %s); login's was %q", access.JTI, access.Format, before.JTI)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	meta, err := discovery.Discover(ctx, http.DefaultClient, access.Issuer)
	if err != nil {
		t.Fatal(err)
	}
	v := check.NewVerifier(meta.JWKSURL, http.DefaultClient)
	defer v.Close()
	if r := v.Verify(ctx, access); r.Status != check.SigVerified {
		t.Fatalf("clipboard token signature: %v", r)
	}

	// Rotation really happened: the provider now refuses the login's refresh token.
	resp, err := http.PostForm(meta.TokenURL, url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {oldRefresh},
		"client_id": {demoidp.DemoClientID}, "client_secret": {demoidp.DemoClientSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("the old refresh token got HTTP %d; want 400 invalid_grant", resp.StatusCode)
	}
	t.Logf("login → refresh → clipboard end to end in %s", time.Since(start).Round(time.Millisecond))
}

func TestLoginDenied(t *testing.T) {
	requireE2E(t)
	start := time.Now()
	bin := buildApp(t)
	display := startXvfb(t)
	a := startApp(t, bin, display)
	tab := newChromium(t)

	a.key("ctrl+l")
	page := signIn(t, tab, a.nextURL(0), "deny", "error")
	if !strings.Contains(page, "access_denied") {
		t.Errorf("browser page says %q", page)
	}
	a.waitLog("status: login: access_denied: The user denied the request")
	time.Sleep(300 * time.Millisecond) // give a crash the chance to show
	if !a.alive() {
		t.Fatal("the app exited after a denied login")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := a.x(ctx, "xdotool", "search", "--onlyvisible", "--name", "Token Inspector"); err != nil {
		t.Fatalf("window gone after a denied login: %v", err)
	}
	a.screenshot("denied.png")
	// The window still works: a second login goes through.
	a.key("ctrl+l")
	if page := signIn(t, tab, a.nextURL(1), "signin", "ok"); !strings.Contains(page, "Login complete") {
		t.Errorf("second login page says %q", page)
	}
	a.waitLog("status: Logged in")
	t.Logf("deny case end to end in %s", time.Since(start).Round(time.Millisecond))
}
