package ui

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// jsonView is the token as jwt.io shows it, beside the claims table: the
// encoded token with its header, payload and signature in three colours,
// then the header and the claims as indented JSON, members in the order
// the token carries them.
type jsonView struct {
	text *widget.RichText
	root fyne.CanvasObject
}

// The colours of a JWT's parts, as on jwt.io (red header, purple payload,
// blue signature), from the theme so they keep their contrast.
var jwtPartColors = []fyne.ThemeColorName{theme.ColorNameError, theme.ColorNameHyperlink, theme.ColorNameSuccess}

func newJSONView() *jsonView {
	v := &jsonView{text: widget.NewRichText()}
	v.text.Wrapping = fyne.TextWrapBreak
	v.root = container.NewVScroll(v.text)
	return v
}

// set shows d: its encoded parts coloured, then its JSON.
func (v *jsonView) set(d jose.Decoded) {
	var segs []widget.RichTextSegment
	mono := func(s string, c fyne.ThemeColorName) *widget.TextSegment {
		return &widget.TextSegment{Text: s, Style: widget.RichTextStyle{ColorName: c, TextStyle: fyne.TextStyle{Monospace: true}, Inline: true}}
	}
	heading := func(s string) *widget.TextSegment {
		return &widget.TextSegment{Text: s, Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Bold: true}}} // a line of its own
	}
	segs = append(segs, heading("Encoded"))
	// A RichText wraps character by character: a pasted token of 100 KB
	// would freeze the window. Long tokens and JSON are shown cut (Copy
	// token and the claims table have all of it).
	raw, cut := clip(d.Raw, jsonViewMax)
	parts := strings.Split(raw, ".")
	for i, p := range parts {
		c := theme.ColorNameForeground
		if d.Format == jose.FormatJWT && i < len(jwtPartColors) {
			c = jwtPartColors[i]
		}
		if i > 0 {
			segs = append(segs, mono(".", theme.ColorNameForeground))
		}
		segs = append(segs, mono(p, c))
	}
	if cut {
		segs = append(segs, mono(" … "+strconv.Itoa(len(d.Raw))+" characters in all", theme.ColorNameForeground))
	}
	segs = append(segs, &widget.TextSegment{Text: "", Style: widget.RichTextStyleParagraph})
	if d.Format == jose.FormatJWT {
		header, _ := clip(fieldsJSON(d.Header), jsonViewMax)
		payload, _ := clip(fieldsJSON(d.Claims), jsonViewMax)
		segs = append(segs, heading("Header"), codeBlock(header, jwtPartColors[0]),
			heading("Payload"), codeBlock(payload, jwtPartColors[1]))
	}
	v.text.Segments = segs
	v.text.Refresh()
}

// codeBlock is indented JSON in a colour.
func codeBlock(s string, c fyne.ThemeColorName) *widget.TextSegment {
	st := widget.RichTextStyleCodeBlock
	st.ColorName = c
	return &widget.TextSegment{Text: s, Style: st}
}

// fieldsJSON is an object's members as indented JSON, in their order.
func fieldsJSON(fs []jose.Field) string {
	if len(fs) == 0 {
		return "{}"
	}
	var b strings.Builder
	b.WriteString("{\n")
	for i, f := range fs {
		name, _ := json.Marshal(f.Name)
		var val bytes.Buffer
		if err := json.Indent(&val, f.Raw, "  ", "  "); err != nil {
			val.Write(f.Raw)
		}
		b.WriteString("  " + string(name) + ": " + val.String())
		if i < len(fs)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}")
	return b.String()
}

// jsonViewMax is the most of one text the JSON view draws (characters).
const jsonViewMax = 1500

// clip is s cut to at most n bytes on a character boundary, with "…"
// when cut.
func clip(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…", true
}
