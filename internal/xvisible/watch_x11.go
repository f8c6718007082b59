//go:build linux || freebsd || openbsd || netbsd

package xvisible

import (
	"errors"
	"fmt"
	"sync"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// iconicState is WM_STATE's IconicState (ICCCM 4.1.3.1).
const iconicState = 3

// watcher follows one window on a connection of its own.
type watcher struct {
	conn   *xgb.Conn
	win    xproto.Window
	report func(shown bool) // called on the watch goroutine

	wmState, netWMState, netWMHidden xproto.Atom

	v    view // touched only by start, then by the loop
	last bool // what was last reported

	closeOnce sync.Once
	closed    chan struct{}
}

// watch connects to display, asks for the events that change whether win
// can be seen (StructureNotify, VisibilityChange and PropertyChange on win,
// StructureNotify on its ancestors), reports its state once and then on
// every change, from a goroutine of its own.
func watch(display string, win uint32, report func(shown bool)) (*watcher, error) {
	c, err := xgb.NewConnDisplay(display)
	if err != nil {
		return nil, fmt.Errorf("X display %s: %w", display, err)
	}
	w := &watcher{conn: c, win: xproto.Window(win), report: report, closed: make(chan struct{})}
	if err := w.start(); err != nil {
		c.Close()
		return nil, err
	}
	w.last = w.v.shown()
	report(w.last)
	go w.loop()
	return w, nil
}

// Close ends the watch and closes its connection.
func (w *watcher) Close() {
	w.closeOnce.Do(func() {
		close(w.closed)
		w.conn.Close()
	})
}

func (w *watcher) isClosed() bool {
	select {
	case <-w.closed:
		return true
	default:
		return false
	}
}

// start selects the events first and reads the state after, so that no
// change falls between the two.
func (w *watcher) start() error {
	for _, a := range []struct {
		name string
		atom *xproto.Atom
	}{{"WM_STATE", &w.wmState}, {"_NET_WM_STATE", &w.netWMState}, {"_NET_WM_STATE_HIDDEN", &w.netWMHidden}} {
		r, err := xproto.InternAtom(w.conn, false, uint16(len(a.name)), a.name).Reply()
		if err != nil {
			return fmt.Errorf("InternAtom %s: %w", a.name, err)
		}
		*a.atom = r.Atom
	}
	mask := uint32(xproto.EventMaskStructureNotify | xproto.EventMaskVisibilityChange | xproto.EventMaskPropertyChange)
	if err := xproto.ChangeWindowAttributesChecked(w.conn, w.win, xproto.CwEventMask, []uint32{mask}).Check(); err != nil {
		return fmt.Errorf("events of window %#x: %w", uint32(w.win), err)
	}
	if err := w.watchAncestors(); err != nil {
		return err
	}
	if err := w.readViewable(); err != nil {
		return err
	}
	return w.readStates()
}

// watchAncestors asks for StructureNotify on every ancestor of the window
// below the root (a window manager's frame), so that unmapping a frame
// alone is seen too. Called again after every reparent.
func (w *watcher) watchAncestors() error {
	for win := w.win; ; {
		t, err := xproto.QueryTree(w.conn, win).Reply()
		if err != nil {
			return fmt.Errorf("QueryTree %#x: %w", uint32(win), err)
		}
		if t.Parent == t.Root || t.Parent == 0 {
			return nil
		}
		win = t.Parent
		err = xproto.ChangeWindowAttributesChecked(w.conn, win, xproto.CwEventMask,
			[]uint32{xproto.EventMaskStructureNotify}).Check()
		if err != nil {
			return fmt.Errorf("events of frame %#x: %w", uint32(win), err)
		}
	}
}

// readViewable reads whether the window and all its ancestors are mapped.
func (w *watcher) readViewable() error {
	a, err := xproto.GetWindowAttributes(w.conn, w.win).Reply()
	if err != nil {
		return fmt.Errorf("GetWindowAttributes %#x: %w", uint32(w.win), err)
	}
	w.v.viewable = a.MapState == xproto.MapStateViewable
	return nil
}

// readStates reads WM_STATE and _NET_WM_STATE.
func (w *watcher) readStates() error {
	st, err := w.property(w.wmState)
	if err != nil {
		return err
	}
	w.v.iconic = len(st) > 0 && st[0] == iconicState
	net, err := w.property(w.netWMState)
	if err != nil {
		return err
	}
	w.v.hidden = false
	for _, a := range net {
		if xproto.Atom(a) == w.netWMHidden {
			w.v.hidden = true
		}
	}
	return nil
}

// property reads a property of 32-bit values, of any type (WM_STATE's is
// WM_STATE, but xprop -set writes CARDINAL); an absent one is empty.
func (w *watcher) property(prop xproto.Atom) ([]uint32, error) {
	r, err := xproto.GetProperty(w.conn, false, w.win, prop, xproto.GetPropertyTypeAny, 0, 64).Reply()
	if err != nil {
		return nil, fmt.Errorf("GetProperty %d of %#x: %w", prop, uint32(w.win), err)
	}
	if r.Format != 32 {
		return nil, nil
	}
	out := make([]uint32, 0, r.ValueLen)
	for i := 0; i+4 <= len(r.Value); i += 4 {
		out = append(out, xgb.Get32(r.Value[i:]))
	}
	return out, nil
}

// loop follows the events until the connection closes, the window is
// destroyed or an X error comes; an error says "shown" before it stops,
// except the window's own BadWindow: it is gone (the app is closing it),
// and nothing is left to show.
func (w *watcher) loop() {
	defer w.Close()
	for {
		ev, xerr := w.conn.WaitForEvent()
		if xerr != nil || ev == nil { // an X error, or the connection is gone
			w.say(true)
			return
		}
		done, err := w.handle(ev)
		if err != nil {
			if !w.gone(err) {
				w.say(true)
			}
			return
		}
		if done {
			return
		}
		w.say(w.v.shown())
	}
}

// handle applies one event to the view; done means the window is gone.
func (w *watcher) handle(ev xgb.Event) (done bool, err error) {
	switch e := ev.(type) {
	case xproto.DestroyNotifyEvent:
		return e.Window == w.win, nil
	case xproto.MapNotifyEvent:
		if e.Window == w.win {
			// A VisibilityNotify follows every map; until it comes the
			// window counts as seen, so a lost one never keeps it paused.
			w.v.obscured = false
		}
		if err := w.readViewable(); err != nil {
			return false, err
		}
		if w.v.viewable {
			// A map shows the window whatever WM_STATE still says: a
			// manager restoring a window may map it before it sets
			// NormalState, and waiting for that would draw the first
			// frame with stale countdowns. The next PropertyNotify reads
			// the states again.
			w.v.iconic, w.v.hidden = false, false
		}
		return false, nil
	case xproto.UnmapNotifyEvent:
		return false, w.readViewable()
	case xproto.ReparentNotifyEvent:
		if err := w.watchAncestors(); err != nil {
			return false, err
		}
		return false, w.readViewable()
	case xproto.VisibilityNotifyEvent:
		if e.Window == w.win {
			w.v.obscured = e.State == xproto.VisibilityFullyObscured
		}
	case xproto.PropertyNotifyEvent:
		if e.Window == w.win && (e.Atom == w.wmState || e.Atom == w.netWMState) {
			return false, w.readStates()
		}
	}
	return false, nil
}

// gone reports whether err says the window no longer exists: a request
// about it answered after a DestroyWindow (its UnmapNotify comes first).
func (w *watcher) gone(err error) bool {
	var bad xproto.WindowError
	return errors.As(err, &bad) && bad.BadValue == uint32(w.win)
}

// say reports shown when it differs from what was last said, unless the
// watch was closed.
func (w *watcher) say(shown bool) {
	if shown == w.last || w.isClosed() {
		return
	}
	w.last = shown
	w.report(shown)
}
