package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// repoRoot is the module root (this package lives in e2e/).
func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(wd)
}

// requireE2E skips unless the end-to-end suite was asked for (make e2e).
func requireE2E(t *testing.T) {
	t.Helper()
	if os.Getenv("TOKENINSPECTOR_E2E") == "" {
		t.Skip("end-to-end test: run `make e2e` (sets TOKENINSPECTOR_E2E=1; needs Xvfb, xdotool, xclip, ImageMagick, Chromium)")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "xclip", "import", "chromium"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: run scripts/ensure-deps.sh test", tool)
		}
	}
}

var buildOnce struct {
	sync.Once
	path string
	err  error
}

// buildApp builds the real tokeninspector command line and, next to it,
// the tokeninspector-window program it starts, once per test run; it
// returns the command line's path (the tests start the window through it).
func buildApp(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tokeninspector-e2e-bin-")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.path = filepath.Join(dir, "tokeninspector")
		tags, err := os.ReadFile(filepath.Join(repoRoot(t), "cmd", "tokeninspector-window", "build-tags"))
		if err != nil {
			buildOnce.err = err
			return
		}
		for _, b := range [][2]string{{buildOnce.path, "."}, {filepath.Join(dir, "tokeninspector-window"), "./cmd/tokeninspector-window"}} {
			cmd := exec.Command("go", "build", "-tags", strings.TrimSpace(string(tags)), "-o", b[0], b[1])
			cmd.Dir = repoRoot(t)
			if out, err := cmd.CombinedOutput(); err != nil {
				buildOnce.err = fmt.Errorf("go build %s: %v\n%s", b[1], err, out)
				return
			}
		}
	})
	if buildOnce.err != nil {
		t.Fatal(buildOnce.err)
	}
	return buildOnce.path
}

// startXvfb starts a private X server and returns its DISPLAY. Xvfb picks
// a free display number itself and reports it on -displayfd, so two test
// runs can never end up on the same server.
func startXvfb(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w} // fd 3
	if err := cmd.Start(); err != nil {
		t.Fatalf("Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	select {
	case n := <-got:
		if n == "" {
			t.Fatal("Xvfb exited without reporting a display")
		}
		return ":" + n
	case <-time.After(20 * time.Second):
		t.Fatal("Xvfb did not come up within 20 s")
	}
	return ""
}

// syncBuffer collects a process's output for concurrent reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// app is the running tokeninspector under Xvfb.
type app struct {
	t       *testing.T
	display string
	window  string
	urls    string // file the fake xdg-open appends URLs to
	stderr  *syncBuffer
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the process has ended
}

// startApp runs the binary with an xdg-open on PATH that records the URL
// it is asked to open (what pkg/browser runs on Linux), and waits for the
// window to be mapped.
func startApp(t *testing.T, bin, display string, args ...string) *app {
	t.Helper()
	return startAppEnv(t, bin, display, nil, args...)
}

// startAppEnv is startApp with env added last (so it wins), e.g. the real
// session bus for the keyring tests.
func startAppEnv(t *testing.T, bin, display string, env []string, args ...string) *app {
	t.Helper()
	home := t.TempDir()
	bindir := filepath.Join(home, "bin")
	os.MkdirAll(bindir, 0o755)
	urls := filepath.Join(home, "urls.txt")
	script := "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$E2E_URL_FILE\"\n"
	if err := os.WriteFile(filepath.Join(bindir, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	a := &app{t: t, display: display, urls: urls, stderr: &syncBuffer{}}
	a.cmd = exec.Command(bin, args...)
	a.cmd.Env = append(os.Environ(),
		"DISPLAY="+display, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"PATH="+bindir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"E2E_URL_FILE="+urls, "LANG=en_US.UTF-8", "DBUS_SESSION_BUS_ADDRESS=disabled:",
	)
	a.cmd.Env = append(a.cmd.Env, env...)
	a.cmd.Stderr = a.stderr
	a.cmd.Stdout = a.stderr
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	a.exited = make(chan struct{})
	go func() { a.cmd.Wait(); close(a.exited) }()
	t.Cleanup(func() {
		a.cmd.Process.Kill()
		<-a.exited
		if t.Failed() {
			t.Logf("app output:\n%s", a.stderr.String())
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := a.x(ctx, "xdotool", "search", "--sync", "--onlyvisible", "--name", "Token Inspector")
	if err != nil {
		t.Fatalf("the window was never mapped: %v\n%s", err, a.stderr.String())
	}
	a.window = strings.Fields(out)[0]
	return a
}

// x runs an X client against the test display.
func (a *app) x(ctx context.Context, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+a.display)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		return out.String(), fmt.Errorf("%s %v: %v: %s", name, args, err, errb.String())
	}
	return out.String(), nil
}

// key sends a key chord to the window, as a person pressing it would.
func (a *app) key(chord string) {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := a.x(ctx, "xdotool", "windowfocus", "--sync", a.window); err != nil {
		a.t.Logf("windowfocus: %v", err)
	}
	if _, err := a.x(ctx, "xdotool", "key", "--window", a.window, chord); err != nil {
		a.t.Fatal(err)
	}
}

// clipboard reads the X clipboard.
func (a *app) clipboard() string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, _ := a.x(ctx, "xclip", "-o", "-selection", "clipboard")
	return out
}

// waitFor polls cond (every 50 ms) until it holds or the time is up.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// clipboardChange waits until the clipboard differs from old and satisfies ok.
func (a *app) clipboardChange(old string, ok func(string) bool) string {
	a.t.Helper()
	var got string
	waitFor(a.t, "the clipboard to change", 20*time.Second, func() bool {
		got = a.clipboard()
		return got != old && ok(got)
	})
	return got
}

// nextURL waits for the app to ask the browser to open a URL.
func (a *app) nextURL(seen int) string {
	a.t.Helper()
	var lines []string
	waitFor(a.t, "the app to open the browser", 20*time.Second, func() bool {
		b, _ := os.ReadFile(a.urls)
		lines = strings.Fields(string(b))
		return len(lines) > seen
	})
	return lines[seen]
}

// log waits until the app's output contains s.
func (a *app) waitLog(s string) {
	a.t.Helper()
	waitFor(a.t, fmt.Sprintf("the app to say %q", s), 30*time.Second, func() bool { return strings.Contains(a.stderr.String(), s) })
}

// waitLogCount waits until the app's output contains s at least n times.
func (a *app) waitLogCount(s string, n int) {
	a.t.Helper()
	waitFor(a.t, fmt.Sprintf("the app to say %q %d times", s, n), 30*time.Second, func() bool { return strings.Count(a.stderr.String(), s) >= n })
}

// screenshot saves the whole screen under build/e2e/.
func (a *app) screenshot(name string) string {
	a.t.Helper()
	dir := filepath.Join(repoRoot(a.t), "build", "e2e")
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, name)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := a.x(ctx, "import", "-window", "root", path); err != nil {
		a.t.Fatalf("screenshot: %v", err)
	}
	return path
}

// alive reports whether the app process is still running.
func (a *app) alive() bool {
	select {
	case <-a.exited:
		return false
	default:
		return true
	}
}
