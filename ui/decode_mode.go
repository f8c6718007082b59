package ui

// The Decode view's two modes, Decode and Edit & sign, and the bar that
// switches between them and holds the Attack tokens menu.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

const (
	modeDecode = "Decode"
	modeEdit   = "Edit & sign"
)

func (v *decodeView) modeBar() fyne.CanvasObject {
	v.mode = widget.NewRadioGroup([]string{modeDecode, modeEdit}, func(m string) { v.setMode(m) })
	v.mode.Horizontal = true
	v.mode.Required = true
	v.mode.SetSelected(modeDecode)
	v.attackBtn = widget.NewButtonWithIcon("Attack tokens", theme.WarningIcon(), v.showAttackMenu)
	v.attackNote = widget.NewLabel("")
	v.attackNote.Wrapping = fyne.TextWrapWord
	v.attackNote.Hide()
	return container.NewVBox(container.NewBorder(nil, nil, v.mode, v.attackBtn), v.attackNote)
}

// setMode shows one mode. Entering Edit & sign takes the token on screen.
func (v *decodeView) setMode(m string) {
	if v.edit == nil {
		return // still being built
	}
	if v.mode.Selected != m {
		v.mode.SetSelected(m) // calls back here
		return
	}
	if m == modeEdit {
		if !v.edit.root.Visible() {
			v.decodePane.Hide()
			v.edit.root.Show()
			v.edit.start(v.text())
		}
		return
	}
	v.edit.root.Hide()
	v.decodePane.Show()
}
