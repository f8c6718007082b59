//go:build linux || freebsd || openbsd || netbsd

package xvisible

import (
	"testing"
	"time"

	"github.com/jezek/xgb/xproto"
)

// TestWatchMinimisedCoveredHidden plays each way a window goes out of
// sight and comes back, as the bench and a window manager do it. Every
// step changes the state exactly once, so every report is checked in turn.
func TestWatchMinimisedCoveredHidden(t *testing.T) {
	requireX(t)
	display, _ := startXvfb(t)
	x := dial(t, display)
	win := x.window(0, 400, 300, false)
	x.mapWindow(win)

	r := make(reports, 16)
	w, err := watch(display, uint32(win), r.report)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r.next(t, "mapped", true)

	// Minimised (ICCCM 4.1.4): WM_STATE IconicState, then unmapped.
	x.setWMState(win, iconicState)
	r.next(t, "WM_STATE iconic", false)
	x.unmapWindow(win)
	// Restored: mapped first, WM_STATE after (as the bench does); the map
	// alone shows it, so the first frame is drawn up to date.
	x.mapWindow(win)
	r.next(t, "mapped, still WM_STATE iconic", true)
	x.setWMState(win, 1)
	// Restored the other way round: WM_STATE normal while still unmapped.
	x.setWMState(win, iconicState)
	r.next(t, "WM_STATE iconic again", false)
	x.unmapWindow(win)
	x.setWMState(win, 1)
	x.mapWindow(win)
	r.next(t, "WM_STATE normal, then mapped", true)

	// Unmapped alone (a window manager's other desktop).
	x.unmapWindow(win)
	r.next(t, "unmapped", false)
	x.mapWindow(win)
	r.next(t, "mapped again", true)

	// Fully covered by an override-redirect window over the whole screen.
	cover := x.window(0, x.screen.WidthInPixels, x.screen.HeightInPixels, true)
	x.mapWindow(cover)
	r.next(t, "covered", false)
	x.check("DestroyWindow", xproto.DestroyWindowChecked(x.c, cover).Check())
	r.next(t, "uncovered", true)

	// Partly covered is still seen: the next report must be the hide below.
	part := x.window(0, 100, 100, true)
	x.mapWindow(part)

	// EWMH _NET_WM_STATE_HIDDEN (a minimised window a compositing manager
	// keeps mapped).
	netState, hidden := x.atom("_NET_WM_STATE"), x.atom("_NET_WM_STATE_HIDDEN")
	x.setProperty(win, netState, xproto.AtomAtom, uint32(hidden))
	r.next(t, "_NET_WM_STATE_HIDDEN", false)
	x.setProperty(win, netState, xproto.AtomAtom)
	r.next(t, "_NET_WM_STATE empty", true)

	// Destroyed while hidden: the watch ends without a word (a window
	// being closed is not shown again).
	x.setProperty(win, netState, xproto.AtomAtom, uint32(hidden))
	r.next(t, "_NET_WM_STATE_HIDDEN again", false)
	x.check("DestroyWindow", xproto.DestroyWindowChecked(x.c, win).Check())
	select {
	case <-w.closed:
	case <-time.After(20 * time.Second):
		t.Fatal("the watch did not end within 20 s of the window's destruction")
	}
	select {
	case got := <-r:
		t.Errorf("reported shown=%v when the window was destroyed", got)
	default:
	}
}

// TestWatchFrame puts the window in a frame, as a reparenting window
// manager does, and hides it by unmapping the frame alone.
func TestWatchFrame(t *testing.T) {
	requireX(t)
	display, _ := startXvfb(t)
	x := dial(t, display)
	frame := x.window(0, 420, 330, false)
	win := x.window(frame, 400, 300, false)
	x.mapWindow(win) // not viewable: its frame is not mapped

	r := make(reports, 16)
	w, err := watch(display, uint32(win), r.report)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r.next(t, "frame not mapped", false)
	x.mapWindow(frame)
	r.next(t, "frame mapped", true)
	x.unmapWindow(frame)
	r.next(t, "frame unmapped", false)
	x.mapWindow(frame)
	r.next(t, "frame mapped again", true)

	// Moved into a second frame that is not mapped: hidden, and the new
	// frame is followed.
	frame2 := x.window(0, 420, 330, false)
	x.check("ReparentWindow", xproto.ReparentWindowChecked(x.c, win, frame2, 10, 10).Check())
	r.next(t, "in an unmapped frame", false)
	x.mapWindow(frame2)
	r.next(t, "new frame mapped", true)
}

// TestServerGoneSaysShown: when the X connection breaks, a hidden window
// is reported shown before the watch stops, so nothing stays paused.
func TestServerGoneSaysShown(t *testing.T) {
	requireX(t)
	display, kill := startXvfb(t)
	x := dial(t, display)
	win := x.window(0, 400, 300, false)
	x.mapWindow(win)
	r := make(reports, 16)
	w, err := watch(display, uint32(win), r.report)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r.next(t, "mapped", true)
	x.unmapWindow(win)
	r.next(t, "unmapped", false)
	kill()
	r.next(t, "X server gone", true)
}

// TestWatchNoSuchWindow: a window that does not exist is an error.
func TestWatchNoSuchWindow(t *testing.T) {
	requireX(t)
	display, _ := startXvfb(t)
	x := dial(t, display)
	win := x.window(0, 10, 10, false)
	x.check("DestroyWindow", xproto.DestroyWindowChecked(x.c, win).Check())
	if w, err := watch(display, uint32(win), func(bool) {}); err == nil {
		w.Close()
		t.Fatal("watching a destroyed window: no error")
	}
}
