package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// showTab puts a token's countdown into its tab title and its life state
// into the tab icon. It reports whether anything changed.
func showTab(tab *container.TabItem, label string, has bool, c countdown) bool {
	text := label
	var icon fyne.Resource = theme.RadioButtonIcon()
	if has {
		text = label + "  " + c.Short
		switch c.State {
		case lifeFine:
			icon = theme.NewSuccessThemedResource(theme.RadioButtonCheckedIcon())
		case lifeEnding:
			icon = theme.NewWarningThemedResource(theme.RadioButtonCheckedIcon())
		case lifeExpired:
			icon = theme.NewErrorThemedResource(theme.RadioButtonCheckedIcon())
		default:
			icon = theme.RadioButtonCheckedIcon()
		}
	}
	if tab.Text == text && tab.Icon != nil && tab.Icon.Name() == icon.Name() {
		return false
	}
	tab.Text, tab.Icon = text, icon
	return true
}
