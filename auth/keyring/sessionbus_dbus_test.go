//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package keyring

import (
	"errors"
	"testing"
)

func TestSessionBusMissing(t *testing.T) {
	none := func(string) bool { return false }
	env := func(v string) func(string) string { return func(string) string { return v } }
	if err := sessionBusMissing(env(""), none, 1000); err == nil {
		t.Error("no address, no /run/user/1000/bus: want an error")
	}
	if err := sessionBusMissing(env("autolaunch:"), none, 1000); err == nil {
		t.Error("autolaunch: counts as no bus (it would start one)")
	}
	if err := sessionBusMissing(env("unix:path=/nonexistent"), none, 1000); err != nil {
		t.Errorf("a named bus is go-keyring's to try: %v", err)
	}
	sock := func(p string) bool { return p == "/run/user/1000/bus" }
	if err := sessionBusMissing(env(""), sock, 1000); err != nil {
		t.Errorf("the user's bus socket exists: %v", err)
	}
}

// TestKeyringWithoutSessionBus: with no session bus the OS keyring is
// unavailable at once (no dbus-daemon or gnome-keyring is started; the
// end-to-end suite counts the processes), and the store says so.
func TestKeyringWithoutSessionBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	if errNoSessionBus() == nil {
		t.Skip("this machine has a session bus under /run/user")
	}
	_, err := NewKeyringStore().Get("p", "refresh_token")
	if !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("Get: %v, want ErrKeyringUnavailable", err)
	}
	t.Log(err)
}
