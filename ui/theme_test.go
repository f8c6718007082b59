package ui

import (
	"fmt"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// over is fg drawn over the opaque bg (alpha compositing).
func over(fg, bg color.Color) color.Color {
	f := color.NRGBAModel.Convert(fg).(color.NRGBA)
	b := color.NRGBAModel.Convert(bg).(color.NRGBA)
	a := float64(f.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*a + float64(y)*(1-a) + 0.5) }
	return color.NRGBA{R: mix(f.R, b.R), G: mix(f.G, b.G), B: mix(f.B, b.B), A: 0xff}
}

// TestThemeContrast computes the WCAG 2 contrast ratio of every text and
// background pair the window draws, in both variants of the theme: 4.5:1
// for text (AA), 3:1 for the outlines of radios, checks and entries.
func TestThemeContrast(t *testing.T) {
	for _, choice := range []string{themeLight, themeDark} {
		th := themeFor(choice)
		v := theme.VariantLight
		if choice == themeDark {
			v = theme.VariantDark
		}
		c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
		bg := c(theme.ColorNameBackground)
		backgrounds := map[string]color.Color{
			"background":        bg,
			"input background":  over(c(theme.ColorNameInputBackground), bg),
			"header background": over(c(theme.ColorNameHeaderBackground), bg),
			"menu background":   over(c(theme.ColorNameMenuBackground), bg),
			"overlay (dialogs)": over(c(theme.ColorNameOverlayBackground), bg),
		}
		texts := []fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNameDisabled,
			theme.ColorNamePlaceHolder, theme.ColorNameSuccess, theme.ColorNameWarning,
			theme.ColorNameError, theme.ColorNameHyperlink, theme.ColorNamePrimary}
		type pair struct {
			what   string
			fg, bg color.Color
			min    float64
		}
		var pairs []pair
		for bn, b := range backgrounds {
			for _, n := range texts {
				pairs = append(pairs, pair{string(n) + " text on " + bn, c(n), b, 4.5})
			}
		}
		button := over(c(theme.ColorNameButton), bg)
		pairs = append(pairs,
			pair{"foreground on a button", c(theme.ColorNameForeground), button, 4.5},
			pair{"foreground on a hovered button", c(theme.ColorNameForeground), over(c(theme.ColorNameHover), button), 4.5},
			pair{"foreground on a pressed button", c(theme.ColorNameForeground), over(c(theme.ColorNamePressed), button), 4.5},
			pair{"foreground on a selected row", c(theme.ColorNameForeground), over(c(theme.ColorNameSelection), bg), 4.5},
			pair{"foreground on a focused control", c(theme.ColorNameForeground), over(c(theme.ColorNameFocus), bg), 4.5},
			pair{"disabled text on a disabled button", c(theme.ColorNameDisabled), over(c(theme.ColorNameDisabledButton), bg), 4.5},
			pair{"on-primary text on primary (Log in, the selected profile and view)", c(theme.ColorNameForegroundOnPrimary), over(c(theme.ColorNamePrimary), bg), 4.5},
			pair{"on-error text on error", c(theme.ColorNameForegroundOnError), over(c(theme.ColorNameError), bg), 4.5},
			pair{"on-success text on success", c(theme.ColorNameForegroundOnSuccess), over(c(theme.ColorNameSuccess), bg), 4.5},
			pair{"on-warning text on warning", c(theme.ColorNameForegroundOnWarning), over(c(theme.ColorNameWarning), bg), 4.5},
			pair{"radio and check outline on the background", c(theme.ColorNameInputBorder), bg, 3},
			pair{"entry outline on the input background", c(theme.ColorNameInputBorder), over(c(theme.ColorNameInputBackground), bg), 3},
		)
		for _, fill := range []fyne.ThemeColorName{theme.ColorNamePrimary, theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameError} {
			bar := lifetimeBarColors(th, v, fill)
			pairs = append(pairs,
				pair{"text on the lifetime bar's filled part (" + string(fill) + ")", bar.text, over(bar.bar, bg), 4.5},
				pair{"text on the lifetime bar's empty part (" + string(fill) + ")", bar.text, over(bar.back, bg), 4.5})
		}
		for _, p := range pairs {
			if r := contrast(p.fg, p.bg); r < p.min {
				t.Errorf("%s theme: %s: %s on %s is %.2f:1, want at least %.1f:1", choice, p.what, rgbHex(p.fg), rgbHex(p.bg), r, p.min)
			}
		}
	}
}

func rgbHex(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return fmt.Sprintf("#%02x%02x%02x/%02x", n.R, n.G, n.B, n.A)
}
