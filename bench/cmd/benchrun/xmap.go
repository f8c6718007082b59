package main

// Seeing windows appear, through github.com/jezek/xgb's xproto: the root
// window reports SubstructureNotify, so every top-level window mapped on the
// display arrives as a MapNotify event the moment the server sends it.
// xdotool search --sync polls every 500 ms, which would round every start
// time to half a second.

import (
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// mapWatcher is a connection to one X display that reports the top-level
// windows mapped on it.
type mapWatcher struct {
	conn *xgb.Conn
	maps chan mapped
	done chan struct{}
}

// mapped is one MapNotify and when it arrived.
type mapped struct {
	win xproto.Window
	at  time.Time
}

// logXGB sends xgb's own log lines (such as "Trying connection without
// authority info", on every connection to an Xvfb without -auth) to stderr
// with -v, and nowhere otherwise.
func logXGB(verbose bool) {
	if verbose {
		xgb.Logger = log.New(os.Stderr, "bench: xgb: ", 0)
	} else {
		xgb.Logger = log.New(io.Discard, "", 0)
	}
}

// dialX connects to display (":N"). Xvfb started without -auth accepts
// local clients without authorization.
func dialX(display string) (*xgb.Conn, error) {
	c, err := xgb.NewConnDisplay(display)
	if err != nil {
		return nil, fmt.Errorf("X display %s: %w", display, err)
	}
	return c, nil
}

// watchMaps starts reporting the windows mapped on display from now on.
func watchMaps(display string) (*mapWatcher, error) {
	c, err := dialX(display)
	if err != nil {
		return nil, err
	}
	root := xproto.Setup(c).DefaultScreen(c).Root
	err = xproto.ChangeWindowAttributesChecked(c, root, xproto.CwEventMask,
		[]uint32{xproto.EventMaskSubstructureNotify}).Check()
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("SubstructureNotify on the root of %s: %w", display, err)
	}
	w := &mapWatcher{conn: c, maps: make(chan mapped, 64), done: make(chan struct{})}
	go w.loop()
	return w, nil
}

func (w *mapWatcher) loop() {
	defer close(w.maps)
	for {
		ev, xerr := w.conn.WaitForEvent()
		if ev == nil && xerr == nil {
			return // connection closed
		}
		m, ok := ev.(xproto.MapNotifyEvent)
		if !ok {
			continue
		}
		select {
		case w.maps <- mapped{win: m.Window, at: time.Now()}:
		case <-w.done:
			return
		}
	}
}

// Close ends the watch and the connection.
func (w *mapWatcher) Close() {
	close(w.done)
	w.conn.Close()
}

// waitMapped returns the first top-level window mapped since the watch
// began whose title contains want, and when its MapNotify arrived.
func (w *mapWatcher) waitMapped(want string, deadline time.Time) (xproto.Window, time.Time, error) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		select {
		case m, ok := <-w.maps:
			if !ok {
				return 0, time.Time{}, fmt.Errorf("no window %q mapped: X connection closed", want)
			}
			if strings.Contains(windowTitle(w.conn, m.win), want) {
				return m.win, m.at, nil
			}
		case <-timer.C:
			return 0, time.Time{}, fmt.Errorf("no window %q mapped by %s", want, deadline.Format(time.TimeOnly))
		}
	}
}

// windowTitle returns _NET_WM_NAME, or WM_NAME when that is empty.
func windowTitle(c *xgb.Conn, win xproto.Window) string {
	if a, err := internAtom(c, "_NET_WM_NAME"); err == nil {
		if s := stringProperty(c, win, a); s != "" {
			return s
		}
	}
	return stringProperty(c, win, xproto.AtomWmName)
}

func internAtom(c *xgb.Conn, name string) (xproto.Atom, error) {
	r, err := xproto.InternAtom(c, false, uint16(len(name)), name).Reply()
	if err != nil {
		return 0, fmt.Errorf("InternAtom %s: %w", name, err)
	}
	return r.Atom, nil
}

// stringProperty reads a window property of any type, up to 4 KiB.
func stringProperty(c *xgb.Conn, win xproto.Window, prop xproto.Atom) string {
	r, err := xproto.GetProperty(c, false, win, prop, xproto.GetPropertyTypeAny, 0, 1024).Reply()
	if err != nil || r == nil {
		return ""
	}
	return string(r.Value)
}
