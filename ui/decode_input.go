package ui

// The Decode view's input, kept responsive whatever is pasted: Fyne's
// word wrapping costs grow with the square of a line's length (a wrapped
// 12 KB token took 2 s to lay out, 100 KB two minutes), so long input is
// shown unwrapped, input too long to show is kept out of the entry (a
// shortened line with Show all), input too long to be a token is not
// decoded, and large input is decoded off the UI goroutine once typing
// pauses.

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

const (
	// wrapLimit: input up to this many bytes wraps in the entry; longer
	// typed input is one line, scrolled sideways.
	wrapLimit = 2 << 10
	// showLimit: a longer paste stays out of the entry, shown shortened
	// (Show all opens it in lines of showAllWidth characters): the GL
	// driver draws a long line as one texture, seconds for 100 KB.
	showLimit    = wrapLimit
	showAllWidth = 100
	// maxDecode: longer input is not a token; it is not decoded. The
	// largest real tokens (Entra ID with many groups) are under 16 KB.
	maxDecode = 256 << 10
	// syncLimit: input up to this size decodes at once (well under a
	// millisecond); larger input decodes on another goroutine after
	// decodePause without a change.
	syncLimit   = 8 << 10
	decodePause = 150 * time.Millisecond
)

// decodeInput is the Decode view's multi-line entry; a paste goes through
// onPaste first, which may take it (too large to show in the entry).
type decodeInput struct {
	widget.Entry
	onPaste func(text string) (taken bool)
}

func newDecodeInput() *decodeInput {
	e := &decodeInput{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapBreak
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut lets onPaste see a paste before the entry does.
func (e *decodeInput) TypedShortcut(s fyne.Shortcut) {
	if p, ok := s.(*fyne.ShortcutPaste); ok && p.Clipboard != nil && e.onPaste != nil {
		if e.onPaste(p.Clipboard.Content()) {
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

// wrapFor sets the wrapping input of n bytes gets: wrapped when short,
// unwrapped (one line, scrolled sideways) when long. It reports whether
// it changed.
func (e *decodeInput) wrapFor(n int) bool {
	w := fyne.TextWrapBreak
	if n > wrapLimit {
		w = fyne.TextWrapOff
	}
	if e.Wrapping == w {
		return false
	}
	e.Wrapping = w
	return true
}

// sizeText says a size in bytes the way people read it: "812 bytes",
// "12.3 KB", "1.0 MB".
func sizeText(n int) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// inLines breaks s into lines of n bytes, for a label that shows it all
// (one short text object per line instead of one very long one).
func inLines(s string, n int) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/n + 1)
	for len(s) > n {
		b.WriteString(s[:n])
		b.WriteByte('\n')
		s = s[n:]
	}
	b.WriteString(s)
	return b.String()
}

// shortened is the start and end of a long text, for one line.
func shortened(s string) string {
	const keep = 120
	if len(s) <= 2*keep {
		return s
	}
	return s[:keep] + " … " + s[len(s)-keep:]
}
