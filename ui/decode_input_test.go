package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// bigJWT is an unsigned JWT of about n bytes (one long claim).
func bigJWT(n int) string {
	return unsignedJWT(`{"sub":"x","blob":"` + strings.Repeat("a", n*3/4) + `"}`)
}

func (h *harness) paste(d *decodeView, text string) {
	h.app.Clipboard().SetContent(text)
	d.input.TypedShortcut(&fyne.ShortcutPaste{Clipboard: h.app.Clipboard()})
}

// Issue 26 item 1: a large paste never reaches Fyne's wrapping; it is
// decoded off the UI goroutine, shown shortened with Show all, and input
// too large to be a token is refused with a message.
func TestLargePasteStaysOutOfTheEntryAndDecodesInTheBackground(t *testing.T) {
	h := newHarness(t, nil)
	d := h.u.decodeView()

	h.paste(d, bigJWT(1<<10)) // short: in the entry, wrapped, decoded at once
	if d.input.Wrapping != fyne.TextWrapBreak || d.large.Visible() || d.view.decoded.Subject != "x" {
		t.Errorf("a 1 KB paste: wrapping %v, shortened line shown %v, decoded %q", d.input.Wrapping, d.large.Visible(), d.view.decoded.Subject)
	}
	// Typed on: it grows past the wrap limit in the entry. The text is
	// brought near the limit in one go (each typed rune re-lays out the
	// wrapped entry, thousands of them made this test take minutes under
	// the race detector), then the last runes are typed.
	d.input.SetText(d.input.Text + strings.Repeat("y", max(0, wrapLimit-2-len(d.input.Text))))
	for len(d.input.Text) <= wrapLimit {
		d.input.TypedRune('y')
	}
	if d.input.Wrapping != fyne.TextWrapOff {
		t.Error("input typed past the wrap limit still wraps")
	}

	big := bigJWT(100 << 10)
	h.paste(d, big)
	if d.input.Text != "" || !d.large.Visible() || !strings.HasPrefix(d.largeText.Text, "100.") {
		t.Fatalf("a 100 KB paste: entry holds %d bytes, shortened line %v %q", len(d.input.Text), d.large.Visible(), d.largeText.Text)
	}
	if !strings.HasPrefix(d.view.empty.Text, "Decoding") {
		t.Errorf("while decoding the view says %q", d.view.empty.Text)
	}
	h.waitUntil("the 100 KB token decoded", func() bool { return d.view.decoded.Raw == big })
	if d.text() != big {
		t.Error("the input kept out of the entry is not the text decoded or verified")
	}
	d.showAll()
	if top := h.u.win.Canvas().Overlays().Top(); top == nil {
		t.Error("Show all opened nothing")
	} else {
		top.Hide()
	}

	h.paste(d, strings.Repeat("x", 1<<20))
	if !strings.Contains(d.view.empty.Text, "too large to be a token") || d.view.decoded.Format != "" {
		t.Errorf("a 1 MB paste: view says %q, decoded %q", d.view.empty.Text, d.view.decoded.Format)
	}
	// A key typed now replaces it, and answers at once.
	d.input.TypedRune('e')
	if d.large.Visible() || d.text() != "e" {
		t.Errorf("typing after a large paste: shortened line %v, input %q", d.large.Visible(), d.text())
	}
	d.input.SetText("")
	if d.input.Wrapping != fyne.TextWrapBreak {
		t.Error("short input does not wrap again")
	}
}

// Issue 26 item 8: text that cannot be a token says so and why, instead
// of "opaque: the provider's reference".
func TestPastedTextThatIsNotAToken(t *testing.T) {
	h := newHarness(t, nil)
	d := h.u.decodeView()
	d.input.SetText("this is {not} a token!")
	v := d.view
	if got := v.format.Text; got != "not a token · 22 chars" {
		t.Errorf("format %q", got)
	}
	if got := v.problems.Text; !v.problems.Visible() || !strings.Contains(got, "not a token: it holds a space, “{”, “}”") {
		t.Errorf("problems %q; want why it is not a token", got)
	}
	if strings.Contains(v.format.Text+v.signature.Text+v.countdown.Text, "reference") || !strings.Contains(v.signature.Text, "not a token") {
		t.Errorf("format %q signature %q countdown %q", v.format.Text, v.signature.Text, v.countdown.Text)
	}
	d.input.SetText("2YotnFZFEjr1zCsicMWpAA")
	if !strings.HasPrefix(v.format.Text, "opaque") || v.problems.Visible() {
		t.Errorf("a real opaque token: format %q problems %q", v.format.Text, v.problems.Text)
	}
}
