package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// appTheme is Fyne's default theme with the colours changed where Fyne's
// own fall below WCAG AA contrast: every text colour reaches 4.5:1 on the
// backgrounds it is drawn on, and radio and check outlines 3:1, in both
// variants (TestThemeContrast computes each pair). Fyne's light theme
// draws neon green and orange text on white, white on a light blue, grey
// (#e3e3e3) outlines and disabled text that cannot be read. In the dark
// variant the primary colour is a light blue under dark text: a blue both
// readable as text on the dark background and under white text does not
// exist.
type appTheme struct {
	variant fyne.ThemeVariant
	held    bool // the variant is the user's choice, not the system's
}

// appColors are the colours appTheme changes, by variant.
var appColors = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantLight: {
		theme.ColorNameForeground: color.NRGBA{R: 0x21, G: 0x21, B: 0x21, A: 0xff},
		// Enabled buttons a shade darker than disabled ones (#f5f5f5).
		theme.ColorNameButton:              color.NRGBA{R: 0xe6, G: 0xe6, B: 0xe6, A: 0xff},
		theme.ColorNameDisabled:            color.NRGBA{R: 0x6b, G: 0x6b, B: 0x6b, A: 0xff},
		theme.ColorNamePlaceHolder:         color.NRGBA{R: 0x6b, G: 0x6b, B: 0x6b, A: 0xff},
		theme.ColorNamePrimary:             color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0xff},
		theme.ColorNameHyperlink:           color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0xff},
		theme.ColorNameForegroundOnPrimary: color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff},
		theme.ColorNameSuccess:             color.NRGBA{R: 0x1b, G: 0x6e, B: 0x20, A: 0xff},
		theme.ColorNameWarning:             color.NRGBA{R: 0x9a, G: 0x4a, B: 0x00, A: 0xff},
		theme.ColorNameError:               color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff},
		theme.ColorNameInputBorder:         color.NRGBA{R: 0x8a, G: 0x8a, B: 0x8a, A: 0xff},
		theme.ColorNameFocus:               color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0x55},
		theme.ColorNameSelection:           color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0x30},
	},
	theme.VariantDark: {
		theme.ColorNameDisabled:            color.NRGBA{R: 0x9e, G: 0x9e, B: 0x9e, A: 0xff},
		theme.ColorNamePrimary:             color.NRGBA{R: 0x6e, G: 0xa8, B: 0xff, A: 0xff},
		theme.ColorNameHyperlink:           color.NRGBA{R: 0x6e, G: 0xa8, B: 0xff, A: 0xff},
		theme.ColorNameForegroundOnPrimary: color.NRGBA{R: 0x10, G: 0x10, B: 0x10, A: 0xff},
		theme.ColorNamePressed:             color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x30},
		theme.ColorNameError:               color.NRGBA{R: 0xff, G: 0x6b, B: 0x60, A: 0xff},
		theme.ColorNameInputBorder:         color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff},
		theme.ColorNameFocus:               color.NRGBA{R: 0x6e, G: 0xa8, B: 0xff, A: 0x66},
		theme.ColorNameSelection:           color.NRGBA{R: 0x6e, G: 0xa8, B: 0xff, A: 0x40},
	},
}

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.held {
		v = t.variant
	}
	if c, ok := appColors[v][n]; ok {
		return c
	}
	return theme.DefaultTheme().Color(n, v)
}

func (appTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }
func (appTheme) Size(n fyne.ThemeSizeName) float32       { return theme.DefaultTheme().Size(n) }

// onPrimaryTheme is the current theme with its text in the colour drawn on
// the primary colour (a selected profile's name and state on its
// highlighted row).
type onPrimaryTheme struct{}

func (onPrimaryTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	th, _ := currentTheme()
	if n == theme.ColorNameForeground {
		n = theme.ColorNameForegroundOnPrimary
	}
	return th.Color(n, v)
}

func (onPrimaryTheme) Font(s fyne.TextStyle) fyne.Resource {
	th, _ := currentTheme()
	return th.Font(s)
}

func (onPrimaryTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	th, _ := currentTheme()
	return th.Icon(n)
}

func (onPrimaryTheme) Size(n fyne.ThemeSizeName) float32 {
	th, _ := currentTheme()
	return th.Size(n)
}

// followTheme is the current theme as it is (a theme override that
// overrides nothing).
type followTheme struct{ onPrimaryTheme }

func (followTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	th, _ := currentTheme()
	return th.Color(n, v)
}
