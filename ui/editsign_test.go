package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// findButton finds the first button labelled text under o.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch w := o.(type) {
	case *widget.Button:
		if w.Text == text {
			return w
		}
	case *fyne.Container:
		for _, c := range w.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// claimRowOf returns the row of claim name in the Edit & sign pane.
func claimRowOf(t *testing.T, e *editSign, name string) *fyne.Container {
	t.Helper()
	for i, c := range e.ed.Claims {
		if c.Name == name {
			return e.rows.Objects[i].(*fyne.Container)
		}
	}
	t.Fatalf("no %s row", name)
	return nil
}

func TestEditAndSign(t *testing.T) {
	h := newHarness(t, nil)
	d := h.u.decodeView()
	// A token pasted in Decode is what Edit & sign starts from.
	d.input.SetText(unsigned(t, h.pastedClaims()))
	d.mode.SetSelected(modeEdit)
	e := d.edit
	if !e.root.Visible() || d.decodePane.Visible() {
		t.Fatal("Edit & sign is not shown")
	}
	if !e.ed.HasKey() || !strings.Contains(e.keyLabel.Text, "in memory") {
		t.Fatalf("key: %q", e.keyLabel.Text)
	}
	dec := jose.UnverifiedDecode(e.token)
	if dec.Subject != "u-42" || dec.Alg == "none" {
		t.Fatalf("signed token: sub %q alg %s", dec.Subject, dec.Alg)
	}
	if !strings.Contains(e.result.signature.Text, "verified") || strings.Contains(e.result.checks.summary.Text, "failed") {
		t.Fatalf("result: %q\n%s", e.result.signature.Text, e.result.checks.text())
	}

	// Edit a claim: the result is signed again at once.
	row := claimRowOf(t, e, "sub")
	row.Objects[0].(*widget.Entry).SetText(`"u-42-edited"`)
	if got := jose.UnverifiedDecode(e.token).Subject; got != "u-42-edited" {
		t.Fatalf("sub after edit: %q", got)
	}
	// The time picker: exp an hour ago fails the exp check.
	test.Tap(findButton(claimRowOf(t, e, "exp"), "−1 h"))
	if r := rowWith(e.result.checks, "exp — "); r == nil || r.Importance != widget.DangerImportance {
		t.Fatalf("exp after −1 h:\n%s", e.result.checks.text())
	}
	test.Tap(findButton(claimRowOf(t, e, "exp"), "+10 min"))
	if r := rowWith(e.result.checks, "exp — "); (r != nil && r.Importance == widget.DangerImportance) || strings.Contains(e.result.checks.summary.Text, "failed") {
		t.Fatalf("exp after +10 min:\n%s", e.result.checks.text())
	}
	// Add and remove claims.
	n := len(e.ed.Claims)
	test.Tap(e.addBtn)
	if len(e.rows.Objects) != n+1 {
		t.Fatal("no new row")
	}
	last := e.rows.Objects[n].(*fyne.Container)
	var name *widget.Entry
	for _, o := range last.Objects {
		if g, ok := o.(*fyne.Container); ok && len(g.Objects) == 1 {
			if en, ok := g.Objects[0].(*widget.Entry); ok {
				name = en
			}
		}
	}
	if name == nil {
		t.Fatal("no name entry in the new row")
	}
	test.Type(name, "role")
	last.Objects[0].(*widget.Entry).SetText("admin") // not JSON: a string
	if f, ok := jose.UnverifiedDecode(e.token).Claim("role"); !ok || f.Value != "admin" {
		t.Fatalf("role claim missing: %s", e.token)
	}
	test.Tap(findButton(last, ""))
	if _, ok := jose.UnverifiedDecode(e.token).Claim("role"); ok {
		t.Fatal("removed claim still signed")
	}
	// Another algorithm: a key for it is made in memory.
	e.alg.SetSelected("RS256")
	if d := jose.UnverifiedDecode(e.token); d.Alg != "RS256" || !strings.Contains(e.result.signature.Text, "verified") {
		t.Fatalf("RS256: %s %q", d.Alg, e.result.signature.Text)
	}
	// Copy.
	test.Tap(e.copyBtn)
	if h.clipboard() != e.token {
		t.Fatal("Copy did not copy the signed token")
	}
}

func TestAttackTokensMenu(t *testing.T) {
	h := newHarness(t, nil)
	d := h.u.decodeView()
	c := h.pastedClaims()
	c["aud"] = "my-api"
	d.input.SetText(unsigned(t, c))
	d.mode.SetSelected(modeEdit)
	good := d.edit.token
	menu := d.attackMenu()
	if len(menu.Items) != 14 {
		t.Fatalf("%d presets", len(menu.Items))
	}
	for _, want := range []struct{ item, check string }{
		{"wrong-aud — fails aud", "aud — "},
		{"alg-none — fails alg", "alg — "},
	} {
		d.mode.SetSelected(modeEdit)
		var item *fyne.MenuItem
		for _, it := range menu.Items {
			if it.Label == want.item {
				item = it
			}
		}
		if item == nil {
			t.Fatalf("no item %q", want.item)
		}
		item.Action()
		if d.mode.Selected != modeDecode || d.input.Text == good || !d.attackNote.Visible() {
			t.Fatalf("%s: mode %s, note %q", want.item, d.mode.Selected, d.attackNote.Text)
		}
		if r := rowWith(d.view.checks, want.check); r == nil || r.Importance != widget.DangerImportance {
			t.Fatalf("%s:\n%s", want.item, d.view.checks.text())
		}
		if !strings.Contains(d.attackNote.Text, "correct API") && !strings.Contains(d.attackNote.Text, "refuse") {
			t.Fatalf("note %q", d.attackNote.Text)
		}
	}
}
