package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// Decode's verify fields start at one x per column; Compare's column
// titles are shortened to their column instead of running into the next.
func TestDecodeVerifyFieldsAlignAndCompareTitlesFit(t *testing.T) {
	h := newHarness(t, nil)
	h.u.win.Resize(fyne.NewSize(1100, 680))
	h.u.views.tabs.Select(h.u.views.tabDecode)
	p := h.u.decodeView().verify
	x := func(o fyne.CanvasObject) float32 {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X
	}
	if a, b, c := x(p.issuer), x(p.keyFile), x(p.decryptKey); a != b || b != c {
		t.Errorf("first column fields start at x %.0f, %.0f, %.0f", a, b, c)
	}
	if a, b := x(p.jwksURL), x(p.secret); a != b {
		t.Errorf("second column fields start at x %.0f, %.0f", a, b)
	}
	hd := newDiffView().table.CreateHeader().(*widget.Label)
	if hd.Truncation != fyne.TextTruncateEllipsis {
		t.Error("Compare's column titles are not shortened to their column")
	}
}

// A preset's placeholders are form rows like the others: their labels in
// the label column, their entries where the Name entry starts; an
// untouched form does not say "required" until a placeholder is typed in
// or Save is pressed.
func TestPresetPlaceholdersAlignAndStayQuietUntilTouched(t *testing.T) {
	h := newHarness(t, nil)
	h.u.win.Resize(fyne.NewSize(1100, 680))
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	f.preset.choice.SetSelected("Keycloak")
	h.settle()
	x := func(o fyne.CanvasObject) float32 {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X
	}
	labels := map[string]fyne.CanvasObject{}
	for _, it := range f.items() {
		labels[it.Text] = it.Widget
	}
	host, realm := labels["Keycloak host"], labels["Realm"]
	if host == nil || realm == nil {
		t.Fatalf("the placeholders' labels are not form labels: %v", labels)
	}
	if a, b, c := x(host), x(realm), x(f.name); a != c || b != c {
		t.Errorf("placeholder entries start at x %.0f, %.0f; the Name entry at %.0f", a, b, c)
	}
	realmEntry := f.preset.values["realm"]
	if f.preset.status.Visible() {
		t.Errorf("untouched form says %q", f.preset.status.Text)
	}
	if f.problem != nil && f.problem.Visible() {
		t.Errorf("untouched form says %q", f.problem.Text)
	}
	realmEntry.SetText("qa") // typed in one placeholder: the other one is missing
	if !f.preset.status.Visible() || !strings.Contains(f.preset.status.Text, "Keycloak host is required") {
		t.Errorf("after typing the realm: status %q", f.preset.status.Text)
	}

	// Save on an untouched preset says it.
	h.u.onNewProfile()
	g := h.u.profileFormOpen
	g.preset.choice.SetSelected("Keycloak")
	if g.preset.status.Visible() {
		t.Errorf("untouched form says %q", g.preset.status.Text)
	}
	if h.u.saveProfile(g, auth.Profile{}) {
		t.Fatal("a Keycloak profile without host and realm was saved")
	}
	if !g.preset.status.Visible() || !strings.Contains(g.preset.status.Text, "Keycloak host is required") {
		t.Errorf("after Save: status %q", g.preset.status.Text)
	}
}
