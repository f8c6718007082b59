package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// jsonEditor is a multi-line JSON field: it says under the text, as you
// type, whether the JSON is valid and what it holds (or where it breaks),
// and Format indents it. check judges a valid JSON value by the rules of
// its parameter; it returns a summary, or an error.
type jsonEditor struct {
	entry  *widget.Entry
	status *widget.Label
	format *widget.Button
	check  func(json.RawMessage) (string, error)
	root   fyne.CanvasObject
}

func newJSONEditor(text, placeholder string, check func(json.RawMessage) (string, error)) *jsonEditor {
	e := &jsonEditor{entry: widget.NewMultiLineEntry(), status: widget.NewLabel(""), check: check}
	e.entry.TextStyle = fyne.TextStyle{Monospace: true}
	e.entry.Wrapping = fyne.TextWrapBreak
	e.entry.SetMinRowsVisible(3)
	e.entry.SetPlaceHolder(placeholder)
	e.entry.SetText(indentJSON(text))
	e.status.Wrapping = fyne.TextWrapWord
	e.entry.OnChanged = func(string) { e.validate() }
	e.format = widget.NewButtonWithIcon("Format", theme.ViewRefreshIcon(), func() {
		if _, err := e.value(); err == nil {
			e.entry.SetText(indentJSON(e.entry.Text))
		}
	})
	e.root = container.NewBorder(nil, container.NewBorder(nil, nil, nil, e.format, e.status), nil, nil, e.entry)
	e.validate()
	return e
}

// value is the editor's JSON, compacted; nil when empty.
func (e *jsonEditor) value() (json.RawMessage, error) {
	text := strings.TrimSpace(e.entry.Text)
	if text == "" {
		return nil, nil
	}
	var probe any // Unmarshal, unlike Compact, says where a syntax error is
	if err := json.Unmarshal([]byte(text), &probe); err != nil {
		return nil, jsonErrorAt(text, err)
	}
	var out bytes.Buffer
	if err := json.Compact(&out, []byte(text)); err != nil {
		return nil, jsonErrorAt(text, err)
	}
	if _, err := e.check(out.Bytes()); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// validate shows what the JSON holds, or what is wrong with it.
func (e *jsonEditor) validate() {
	v, err := e.value()
	switch {
	case err != nil:
		e.status.Importance = widget.DangerImportance
		e.status.SetText("✗ " + err.Error())
		e.format.Disable()
	case v == nil:
		e.status.Importance = widget.MediumImportance
		e.status.SetText("empty: not sent")
		e.format.Disable()
	default:
		sum, _ := e.check(v)
		e.status.Importance = widget.SuccessImportance
		if strings.Contains(sum, notListed) {
			e.status.Importance = widget.WarningImportance
		}
		e.status.SetText("✓ " + sum)
		e.format.Enable()
	}
}

// jsonErrorAt says where a syntax error is, as line and column.
func jsonErrorAt(text string, err error) error {
	syn, ok := errors.AsType[*json.SyntaxError](err)
	if !ok {
		return fmt.Errorf("not JSON: %v", err)
	}
	// Offset is just past the offending byte: point at that byte.
	before := text[:min(max(int(syn.Offset)-1, 0), len(text))]
	line := strings.Count(before, "\n") + 1
	col := len(before) - strings.LastIndex(before, "\n")
	return fmt.Errorf("not JSON at line %d, column %d: %v", line, col, err)
}

// indentJSON indents valid JSON with two spaces; other text is returned as is.
func indentJSON(text string) string {
	var out bytes.Buffer
	if json.Indent(&out, []byte(strings.TrimSpace(text)), "", "  ") != nil {
		return text
	}
	return out.String()
}
