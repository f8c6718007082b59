package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// processesWithHome lists the processes whose environment has HOME=home:
// what the window started, and what those started in turn (a session bus
// and the keyring daemon it activates inherit the environment).
func processesWithHome(t *testing.T, home string) []string {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue // gone, or not ours to read
		}
		for _, kv := range strings.Split(string(env), "\x00") {
			if kv == "HOME="+home {
				cmd, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
				out = append(out, strconv.Itoa(pid)+" "+strings.ReplaceAll(strings.TrimSpace(string(cmd)), "\x00", " "))
				break
			}
		}
	}
	return out
}

// A new user's first start, outside a desktop session: no D-Bus session
// bus, a C.UTF-8 locale, a profile that remembers its session (the keyring
// is asked at once). The window says nothing about the locale, reads the
// keyring as unavailable instead of starting a session bus and
// gnome-keyring, and once it has quit no process it started is left.
func TestWindowWithoutSessionBusLeavesNoProcesses(t *testing.T) {
	requireE2E(t)
	bin := buildApp(t)
	display := startXvfb(t)
	home := t.TempDir()
	conf := filepath.Join(home, ".config", "tokeninspector")
	if err := os.MkdirAll(conf, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(conf, "config.json"), []byte(`{"profiles":[{"name":"demo","remember":true}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	a := startAppEnv(t, bin, display, []string{
		"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"DBUS_SESSION_BUS_ADDRESS=", "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=",
	})
	a.waitLog("No keyring reachable")
	time.Sleep(time.Second) // a bus started on the way would be up by now
	if err := a.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-a.exited:
	case <-time.After(20 * time.Second):
		t.Fatal("the window did not quit on SIGINT")
	}
	time.Sleep(500 * time.Millisecond)
	if left := processesWithHome(t, home); len(left) > 0 {
		t.Errorf("processes left behind by the window:\n%s", strings.Join(left, "\n"))
		for _, p := range left { // do not leave them to the next test
			if pid, err := strconv.Atoi(strings.Fields(p)[0]); err == nil {
				syscall.Kill(pid, syscall.SIGTERM)
			}
		}
	}
	// Only the locale line: Fyne may also log a "Preferences load error"
	// when its own file watcher reads the preferences file while the
	// window is writing it on quit (Fyne 2.7.1 truncates, then writes).
	if out := a.stderr.String(); strings.Contains(out, "locale") {
		t.Errorf("the window's output speaks of the locale in C.UTF-8:\n%s", out)
	}
}
