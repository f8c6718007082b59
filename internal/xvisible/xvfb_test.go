//go:build linux || freebsd || openbsd || netbsd

package xvisible

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// requireX skips unless the end-to-end tests were asked for
// (TOKENINSPECTOR_E2E=1, as make e2e sets it); they need Xvfb.
func requireX(t *testing.T) {
	t.Helper()
	if os.Getenv("TOKENINSPECTOR_E2E") == "" {
		t.Skip("X11 test: set TOKENINSPECTOR_E2E=1 (needs Xvfb)")
	}
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Fatal("Xvfb not found: run scripts/ensure-deps.sh test")
	}
}

// startXvfb starts a private X server and returns its DISPLAY and how to
// kill it (it is killed at the end of the test anyway). Xvfb picks a free
// display number itself and reports it on -displayfd.
func startXvfb(t *testing.T) (display string, kill func()) {
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
	kill = func() { cmd.Process.Kill(); cmd.Wait() }
	t.Cleanup(kill)
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
		return ":" + n, kill
	case <-time.After(20 * time.Second):
		t.Fatal("Xvfb did not come up within 20 s")
	}
	return "", kill
}

// xclient is the test's own X connection, playing the application and the
// window manager.
type xclient struct {
	t      *testing.T
	c      *xgb.Conn
	screen *xproto.ScreenInfo
}

func dial(t *testing.T, display string) *xclient {
	t.Helper()
	c, err := xgb.NewConnDisplay(display)
	if err != nil {
		t.Fatalf("X display %s: %v", display, err)
	}
	t.Cleanup(c.Close)
	return &xclient{t: t, c: c, screen: xproto.Setup(c).DefaultScreen(c)}
}

func (x *xclient) check(what string, err error) {
	x.t.Helper()
	if err != nil {
		x.t.Fatalf("%s: %v", what, err)
	}
}

// window creates a window (not mapped) in parent; 0 means the root.
// Override-redirect windows are never managed: the cover.
func (x *xclient) window(parent xproto.Window, w, h uint16, overrideRedirect bool) xproto.Window {
	x.t.Helper()
	if parent == 0 {
		parent = x.screen.Root
	}
	id, err := xproto.NewWindowId(x.c)
	x.check("NewWindowId", err)
	or := uint32(0)
	if overrideRedirect {
		or = 1
	}
	x.check("CreateWindow", xproto.CreateWindowChecked(x.c, x.screen.RootDepth, id, parent, 0, 0, w, h, 0,
		xproto.WindowClassInputOutput, x.screen.RootVisual, xproto.CwBackPixel|xproto.CwOverrideRedirect,
		[]uint32{x.screen.BlackPixel, or}).Check())
	return id
}

func (x *xclient) mapWindow(win xproto.Window) {
	x.t.Helper()
	x.check("MapWindow", xproto.MapWindowChecked(x.c, win).Check())
}

func (x *xclient) unmapWindow(win xproto.Window) {
	x.t.Helper()
	x.check("UnmapWindow", xproto.UnmapWindowChecked(x.c, win).Check())
}

func (x *xclient) atom(name string) xproto.Atom {
	x.t.Helper()
	r, err := xproto.InternAtom(x.c, false, uint16(len(name)), name).Reply()
	x.check("InternAtom "+name, err)
	return r.Atom
}

// setProperty replaces a property of 32-bit values.
func (x *xclient) setProperty(win xproto.Window, prop, typ xproto.Atom, values ...uint32) {
	x.t.Helper()
	data := make([]byte, 4*len(values))
	for i, v := range values {
		xgb.Put32(data[4*i:], v)
	}
	x.check("ChangeProperty", xproto.ChangePropertyChecked(x.c, xproto.PropModeReplace, win, prop, typ, 32,
		uint32(len(values)), data).Check())
}

func (x *xclient) setWMState(win xproto.Window, state uint32) {
	x.t.Helper()
	a := x.atom("WM_STATE")
	x.setProperty(win, a, a, state, 0)
}

// reports collects what a watch says.
type reports chan bool

func (r reports) report(shown bool) { r <- shown }

// next waits for the next report and checks it says want.
func (r reports) next(t *testing.T, step string, want bool) {
	t.Helper()
	select {
	case got := <-r:
		if got != want {
			t.Fatalf("%s: reported shown=%v; want %v", step, got, want)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: nothing reported within 20 s; want shown=%v", step, want)
	}
}
