package main

// Putting a window out of sight, through xgb, the way a window manager
// would: Xvfb runs none, so the bench does its part itself.
//   - minimised: the window unmapped and its WM_STATE set to IconicState
//     (ICCCM 4.1.4), which is what GLFW reads as "iconified";
//   - fully covered: an override-redirect window the size of the screen
//     mapped on top of everything.

import (
	"fmt"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// ICCCM WM_STATE values.
const (
	wmStateNormal = 1
	wmStateIconic = 3
)

// hideFunc puts a window out of sight and returns how to show it again.
type hideFunc func(display string, win xproto.Window) (show func() error, err error)

// minimise unmaps win and marks it iconic.
func minimise(display string, win xproto.Window) (func() error, error) {
	c, err := dialX(display)
	if err != nil {
		return nil, err
	}
	if err := setWMState(c, win, wmStateIconic); err != nil {
		c.Close()
		return nil, err
	}
	if err := xproto.UnmapWindowChecked(c, win).Check(); err != nil {
		c.Close()
		return nil, fmt.Errorf("UnmapWindow: %w", err)
	}
	return func() error {
		defer c.Close()
		if err := xproto.MapWindowChecked(c, win).Check(); err != nil {
			return fmt.Errorf("MapWindow: %w", err)
		}
		return setWMState(c, win, wmStateNormal)
	}, nil
}

func setWMState(c *xgb.Conn, win xproto.Window, state uint32) error {
	atom, err := internAtom(c, "WM_STATE")
	if err != nil {
		return err
	}
	data := make([]byte, 8) // state, icon window (none)
	xgb.Put32(data, state)
	if err := xproto.ChangePropertyChecked(c, xproto.PropModeReplace, win, atom, atom, 32, 2, data).Check(); err != nil {
		return fmt.Errorf("WM_STATE: %w", err)
	}
	return nil
}

// cover maps a black override-redirect window over the whole screen.
func cover(display string, _ xproto.Window) (func() error, error) {
	c, err := dialX(display)
	if err != nil {
		return nil, err
	}
	screen := xproto.Setup(c).DefaultScreen(c)
	id, err := xproto.NewWindowId(c)
	if err == nil {
		err = xproto.CreateWindowChecked(c, screen.RootDepth, id, screen.Root, 0, 0,
			screen.WidthInPixels, screen.HeightInPixels, 0, xproto.WindowClassInputOutput, screen.RootVisual,
			xproto.CwBackPixel|xproto.CwOverrideRedirect, []uint32{screen.BlackPixel, 1}).Check()
	}
	if err == nil {
		err = xproto.MapWindowChecked(c, id).Check()
	}
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("covering window: %w", err)
	}
	return func() error {
		defer c.Close()
		return xproto.DestroyWindowChecked(c, id).Check()
	}, nil
}
