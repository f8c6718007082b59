package xvisible

import (
	"fmt"
	"io"
	"log"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/jezek/xgb"
)

// Follow starts reporting whether win can be seen: onChange runs on the
// app goroutine (fyne.Do) with the window's state when the watch starts
// and on every change. Call it on the app goroutine once the window is
// shown, e.g. from App.Lifecycle().SetOnStarted. The returned stop ends
// the watch and closes its X connection (the watch also ends by itself
// when the window is destroyed); it is never nil and may be called more
// than once. A window that is not an X11 window is never reported hidden;
// err says why an X11 window could not be watched.
func Follow(win fyne.Window, onChange func(shown bool)) (stop func(), err error) {
	stop = func() {}
	nw, ok := win.(driver.NativeWindow)
	if !ok {
		return stop, nil // the test driver, or a window without a native one
	}
	var id uintptr
	nw.RunNative(func(ctx any) {
		if x, ok := ctx.(driver.X11WindowContext); ok {
			id = x.WindowHandle
		}
	})
	if id == 0 {
		return stop, nil // Wayland, Windows, macOS
	}
	display := os.Getenv("DISPLAY") // what GLFW's XOpenDisplay(NULL) used
	if display == "" {
		return stop, fmt.Errorf("window visibility: X11 window %#x but no $DISPLAY", id)
	}
	// xgb logs through one package-level logger: its notes ("no
	// Xauthority file, trying without") are not the window's to print; a
	// watch that fails says so through err, and then the window is shown.
	xgb.Logger = log.New(io.Discard, "", 0)
	w, err := watch(display, uint32(id), func(shown bool) {
		fyne.Do(func() { onChange(shown) })
	})
	if err != nil {
		return stop, fmt.Errorf("window visibility: %w", err)
	}
	return w.Close, nil
}
