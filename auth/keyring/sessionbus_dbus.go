//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package keyring

import (
	"fmt"
	"os"
	"path/filepath"
)

// errNoSessionBus says why the Secret Service is not asked: no D-Bus
// session bus can be found without starting one. go-keyring connects
// through godbus, which then "autolaunches" a bus — a dbus-daemon, and
// through it a gnome-keyring-daemon — that nobody stops: they outlived
// every window and command started outside a desktop session (over SSH,
// in a container, under Xvfb), and held an empty keyring anyway.
func errNoSessionBus() error {
	return sessionBusMissing(os.Getenv, fileExists, os.Getuid())
}

// sessionBusMissing finds the session bus as godbus does before it
// autolaunches one: DBUS_SESSION_BUS_ADDRESS, then the user's bus socket
// or address file under /run/user/UID. An explicit "autolaunch:" address
// counts as none.
func sessionBusMissing(getenv func(string) string, exists func(string) bool, uid int) error {
	if a := getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return nil // a bus the user named; if it does not answer, go-keyring says so
	}
	run := filepath.Join("/run/user", fmt.Sprint(uid))
	if exists(filepath.Join(run, "bus")) || exists(filepath.Join(run, "dbus-session")) {
		return nil
	}
	return fmt.Errorf("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set and %s/bus does not exist), so no Secret Service; none is started", run)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
