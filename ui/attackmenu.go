package ui

// The Decode view's Attack tokens menu: each preset (auth/mint) made from
// the token on screen — the signed result in Edit & sign, the pasted
// token in Decode — with the Edit & sign key. The attack token replaces
// the pasted one, with its report against that key and one line on what
// a correct API does with it.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/mint"
)

// attackMenu lists the presets.
func (v *decodeView) attackMenu() *fyne.Menu {
	items := make([]*fyne.MenuItem, 0, len(mint.Attacks))
	for _, a := range mint.Attacks {
		name := a.Name
		label := name + " — fails " + a.Check
		items = append(items, fyne.NewMenuItem(label, func() { v.makeAttack(name) }))
	}
	return fyne.NewMenu("Attack tokens", items...)
}

func (v *decodeView) showAttackMenu() {
	c := fyne.CurrentApp().Driver().CanvasForObject(v.attackBtn)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.attackBtn)
	widget.ShowPopUpMenuAtPosition(v.attackMenu(), c, pos.AddXY(0, v.attackBtn.Size().Height))
}

// makeAttack makes preset name from the token on screen and shows it in
// the Decode mode.
func (v *decodeView) makeAttack(name string) {
	src := v.text()
	if v.edit.root.Visible() {
		src = v.edit.token
	}
	if !v.edit.ed.HasKey() {
		// The claim presets sign again: with no key yet, make one in memory.
		v.edit.start(src)
	}
	now := v.now()
	a, err := v.edit.ed.Attack(name, src, now)
	if err != nil {
		v.attackNote.Importance = widget.DangerImportance
		showText(v.attackNote, name+": "+err.Error(), true)
		return
	}
	v.setMode(modeDecode)
	v.setInput(a.Token) // decodes it
	showCheck(v.view, a.Verified)
	v.attackNote.Importance = widget.WarningImportance
	showText(v.attackNote, "Attack token "+a.Name+" (fails "+a.Check+"): "+a.Note+
		" Checked with the Edit & sign key, expecting the original token's iss and aud.", true)
}
