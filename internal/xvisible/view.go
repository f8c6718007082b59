package xvisible

// view is what the X server has said about the window; together it says
// whether the window can be seen.
type view struct {
	viewable bool // mapped, and so are its ancestors (a frame)
	iconic   bool // WM_STATE is IconicState (ICCCM 4.1.3.1)
	hidden   bool // _NET_WM_STATE holds _NET_WM_STATE_HIDDEN (EWMH)
	obscured bool // the last VisibilityNotify said FullyObscured
}

// shown reports whether the window can be seen.
func (v view) shown() bool {
	return v.viewable && !v.iconic && !v.hidden && !v.obscured
}
