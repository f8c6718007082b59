package ui

// The profile form's provider presets: pick one, fill in its placeholders
// (tenant, realm, domain…), and the form's fields are filled from its
// template (config.Preset.Resolve); its quirks are shown, and its claim
// dictionary names the claims of the profile's tokens.

import (
	"strings"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// noPreset is the choice of a profile typed by hand.
const noPreset = "None (type the fields)"

// presetFields is the Preset row of the profile form.
type presetFields struct {
	f       *profileForm
	presets []config.Preset
	choice  *widget.Select
	values  map[string]*widget.Entry // by placeholder key
	asks    []*widget.FormItem       // a form row per placeholder
	quirks  *widget.Label
	status  *widget.Label
	notes   *fyne.Container // the choice, status and quirks, in the value column
	// touched is set once a placeholder was typed in or left, or Save
	// was pressed: only then does a missing placeholder say so.
	touched bool
	// rowsChanged rebuilds the form when the placeholder rows change
	// (nil: a form not shown in a dialog).
	rowsChanged func()

	// What the form has no field for, kept from the profile or the
	// preset's template.
	id, description string
	accessTokenJWT  bool
	idTokenAlg      string
}

func newPresetFields(f *profileForm, p auth.Profile) *presetFields {
	pf := &presetFields{f: f, presets: config.Presets(), values: map[string]*widget.Entry{},
		id: p.Preset, description: p.Description, accessTokenJWT: p.AccessTokenJWT, idTokenAlg: p.IDTokenAlg}
	names := []string{noPreset}
	for _, pr := range pf.presets {
		names = append(names, pr.Name)
	}
	pf.choice = widget.NewSelect(names, nil)
	pf.quirks = widget.NewLabel("")
	pf.quirks.Wrapping = fyne.TextWrapWord
	pf.quirks.TextStyle = fyne.TextStyle{Italic: true}
	pf.status = widget.NewLabel("")
	pf.status.Wrapping = fyne.TextWrapWord
	pf.notes = container.NewVBox(pf.choice, pf.status, pf.quirks)

	// An existing profile shows its preset and quirks; its fields stay as
	// they are until a placeholder is typed.
	pf.choice.SetSelected(noPreset)
	if pr, ok := config.PresetByID(p.Preset); ok {
		pf.choice.SetSelected(pr.Name)
		pf.showAsks(pr)
	}
	showText(pf.quirks, p.Description, p.Description != "")
	pf.status.Hide()
	pf.choice.OnChanged = pf.pick
	return pf
}

// selected is the preset chosen (ok false: none).
func (pf *presetFields) selected() (config.Preset, bool) {
	for _, pr := range pf.presets {
		if pr.Name == pf.choice.Selected {
			return pr, true
		}
	}
	return config.Preset{}, false
}

// pick switches to another preset and fills the form when its
// placeholders allow.
func (pf *presetFields) pick(string) {
	pr, ok := pf.selected()
	if !ok {
		pf.id, pf.description = "", ""
		pf.asks = nil
		pf.values = map[string]*widget.Entry{}
		pf.quirks.Hide()
		pf.status.Hide()
		pf.changed()
		return
	}
	pf.showAsks(pr)
	pf.changed()
	showText(pf.quirks, pr.Description, pr.Description != "")
	pf.resolve()
}

// items are the Preset row (the choice, what is missing, the preset's
// quirks) and a row per placeholder (its label in the form's label column
// like every other field).
func (pf *presetFields) items() []*widget.FormItem {
	return append([]*widget.FormItem{widget.NewFormItem("Preset", pf.notes)}, pf.asks...)
}

// changed rebuilds the form after the placeholder rows changed.
func (pf *presetFields) changed() {
	if pf.rowsChanged != nil {
		pf.rowsChanged()
	}
}

// showAsks makes a row per placeholder of pr.
func (pf *presetFields) showAsks(pr config.Preset) {
	pf.asks = nil
	pf.values = map[string]*widget.Entry{}
	for _, ph := range pr.Placeholders {
		e := &leaveEntry{onLeave: pf.reveal}
		e.ExtendBaseWidget(e)
		hint := "e.g. " + ph.Example
		if ph.Default != "" {
			hint = ph.Default + " when empty (e.g. " + ph.Example + ")"
		}
		e.SetPlaceHolder(hint)
		e.OnChanged = func(string) {
			pf.touched = true
			pf.resolve()
		}
		pf.values[ph.Key] = &e.Entry
		pf.asks = append(pf.asks, widget.NewFormItem(ph.Label, e))
	}
	pf.touched = false
}

// leaveEntry is an entry that tells when the focus leaves it (Entry has
// no callback for that).
type leaveEntry struct {
	widget.Entry
	onLeave func()
}

// FocusLost hands the loss of focus on after the entry's own handling.
func (e *leaveEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onLeave != nil {
		e.onLeave()
	}
}

// reveal says what the chosen preset still misses, once the user left a
// placeholder or pressed Save; a form nobody touched stays quiet.
func (pf *presetFields) reveal() {
	pr, ok := pf.selected()
	if !ok {
		return
	}
	pf.touched = true
	if _, err := pf.resolved(pr); err != nil {
		pf.warn(pr, err)
	}
}

// resolved is the profile the preset's template gives for what is typed.
func (pf *presetFields) resolved(pr config.Preset) (auth.Profile, error) {
	vals := map[string]string{}
	for k, e := range pf.values {
		vals[k] = e.Text
	}
	return pr.Resolve(strings.TrimSpace(pf.f.name.Text), vals)
}

func (pf *presetFields) warn(pr config.Preset, err error) {
	pf.status.Importance = widget.WarningImportance
	showText(pf.status, strings.TrimPrefix(err.Error(), "preset "+pr.Name+": "), true)
}

// resolve fills the form from the preset's template once every required
// placeholder has a plain value; until then it says what is missing.
func (pf *presetFields) resolve() {
	pr, ok := pf.selected()
	if !ok {
		return
	}
	name := strings.TrimSpace(pf.f.name.Text)
	p, err := pf.resolved(pr)
	if err != nil {
		if pf.touched {
			pf.warn(pr, err)
		} else {
			pf.status.Hide() // nothing typed yet: not an error to show
		}
		return
	}
	f := pf.f
	if name == "" {
		f.name.SetText(p.Name)
	}
	for _, s := range []struct {
		e *widget.Entry
		v string
	}{{f.issuer, p.Issuer}, {f.authURL, p.AuthURL}, {f.tokenURL, p.TokenURL}, {f.jwksURL, p.JWKSURL},
		{f.userinfoURL, p.UserinfoURL}, {f.revocationURL, p.RevocationURL}, {f.introspectionURL, p.IntrospectionURL},
		{f.scopes, strings.Join(p.Scopes, " ")}, {f.params, paramsText(p.AuthParams)}} {
		s.e.SetText(s.v)
	}
	f.clientAuth.SetSelected(string(p.Auth()))
	pf.id, pf.description = p.Preset, p.Description
	pf.accessTokenJWT, pf.idTokenAlg = p.AccessTokenJWT, p.IDTokenAlg
	pf.status.Importance = widget.SuccessImportance
	what := "issuer " + p.Issuer
	if p.Issuer == "" {
		what = "token URL " + p.TokenURL
	}
	showText(pf.status, "Filled from the "+pr.Name+" template: "+what+". Add your client ID.", true)
}

// apply writes what the form has no field for into p.
func (pf *presetFields) apply(p *auth.Profile) {
	p.Preset, p.Description = pf.id, pf.description
	p.AccessTokenJWT, p.IDTokenAlg = pf.accessTokenJWT, pf.idTokenAlg
}
