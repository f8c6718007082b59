package ui

// One state, one colour: the workspace decides a token's standing
// (workspace.Standing); every place drawing it takes its colour and icon
// from here.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// toneImportance is the importance (colour) of a tone.
func toneImportance(t workspace.Tone) widget.Importance {
	switch t {
	case workspace.ToneGood:
		return widget.SuccessImportance
	case workspace.ToneWarning:
		return widget.WarningImportance
	case workspace.ToneBad:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// toneColor is the theme colour of a tone; neutral is the primary colour.
func toneColor(t workspace.Tone) fyne.ThemeColorName {
	switch t {
	case workspace.ToneGood:
		return theme.ColorNameSuccess
	case workspace.ToneWarning:
		return theme.ColorNameWarning
	case workspace.ToneBad:
		return theme.ColorNameError
	}
	return theme.ColorNamePrimary
}

// standingIcon is the dot of a standing: empty for no token, filled in
// its tone's colour otherwise.
func standingIcon(st workspace.Standing) fyne.Resource {
	if st == workspace.StandingNone {
		return theme.RadioButtonIcon()
	}
	switch st.Tone() {
	case workspace.ToneGood:
		return theme.NewSuccessThemedResource(theme.RadioButtonCheckedIcon())
	case workspace.ToneWarning:
		return theme.NewWarningThemedResource(theme.RadioButtonCheckedIcon())
	case workspace.ToneBad:
		return theme.NewErrorThemedResource(theme.RadioButtonCheckedIcon())
	}
	return theme.RadioButtonCheckedIcon()
}
