//go:build !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package keyring

// errNoSessionBus is nil: this system's keyring is not reached over D-Bus.
func errNoSessionBus() error { return nil }
