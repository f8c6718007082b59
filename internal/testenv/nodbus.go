// Package testenv holds helpers that tests of several packages share.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// WithoutDBus reruns the calling test in a child process whose session bus
// address points at a socket that does not exist (go-keyring caches its bus
// connection per process, and an unset address would make godbus run
// dbus-launch). It returns true in the child, which then runs the test
// body, and false in the parent once the child passed.
func WithoutDBus(t *testing.T) bool {
	t.Helper()
	const child = "TOKENINSPECTOR_TEST_NO_DBUS_CHILD"
	if os.Getenv(child) == "1" {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(),
		child+"=1",
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(t.TempDir(), "no-bus"),
	)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("without D-Bus: %v\n%s", err, out)
	}
	t.Logf("child without D-Bus passed:\n%s", strings.TrimSpace(string(out)))
	return false
}
