// Package xvisible tells whether anyone can see a window on an X11
// display: it is hidden while unmapped, minimised (ICCCM WM_STATE
// IconicState, or EWMH _NET_WM_STATE_HIDDEN) or fully covered by other
// windows (VisibilityNotify FullyObscured), shown otherwise.
//
// It has its own X11 code because neither Fyne nor GLFW says so: Fyne
// 2.7.1's GLFW driver registers no iconify or visibility callback, and
// GLFW has no visibility event at all. The watch uses a connection of its
// own to $DISPLAY (github.com/jezek/xgb), so it never touches GLFW's.
//
// What is supported:
//   - no window manager (Xvfb): the window is a child of the root; a
//     minimise is an unmap with WM_STATE set to IconicState, as a window
//     manager would do it;
//   - a reparenting window manager: the window's frame is watched too, so
//     a manager that unmaps only the frame still hides it; VisibilityNotify
//     is still reported on the window itself;
//   - a compositing manager: windows are drawn off screen, so the X server
//     always reports them Unobscured and "fully covered" is never seen;
//     minimised still is.
//
// Anything else (Wayland, Windows, macOS, the Fyne test driver, no
// $DISPLAY) is "always shown", and so is every X error: the watch then
// says shown and stops, so a window is never kept paused by mistake. A
// window that is destroyed (the app closing it) ends the watch silently.
package xvisible
