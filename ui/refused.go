package ui

// The red banner over tokens the provider's answer was refused for (a
// failed check a client MUST make): they are shown, because an inspector
// shows what is wrong, but nothing remembers, auto-refreshes or copies them
// until "Use anyway".

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// refusedBanner is the banner: the theme's error colour behind a message
// in whichever of black or white reads best on it, and "Use anyway".
type refusedBanner struct {
	widget.BaseWidget
	bg      *canvas.Rectangle
	message *widget.Label
	use     *widget.Button
	content fyne.CanvasObject
}

func newRefusedBanner(onUse func()) *refusedBanner {
	b := &refusedBanner{bg: canvas.NewRectangle(color.Transparent), message: widget.NewLabel("")}
	b.message.Wrapping = fyne.TextWrapWord
	b.message.TextStyle = fyne.TextStyle{Bold: true}
	b.use = widget.NewButtonWithIcon("Use anyway", theme.ConfirmIcon(), onUse)
	icon := widget.NewIcon(theme.ErrorIcon())
	text := container.NewThemeOverride(container.NewBorder(nil, nil, icon, nil, b.message), onErrorTheme{})
	b.content = container.NewBorder(nil, nil, nil, container.NewCenter(b.use), text)
	b.ExtendBaseWidget(b)
	b.Hide()
	return b
}

// set shows the banner for s's refusal, or hides it.
func (b *refusedBanner) set(s workspace.Snapshot) {
	if s.Refused == nil || s.Tokens == nil {
		b.Hide()
		return
	}
	b.message.SetText(refusedMessage(s.Refused))
	if s.Tokens.AccessToken == "" {
		// A refused authorization response (JARM) brought no tokens: its
		// code was never exchanged, so there is nothing to use anyway.
		b.message.SetText(refusedResponseMessage(s.Refused))
		b.use.Hide()
	} else {
		b.use.Show()
	}
	b.Show()
	b.Refresh()
}

// refusedMessage names the failed check(s) and says what is held back.
func refusedMessage(r *workspace.Refusal) string {
	msg := fmt.Sprintf("Refused: the provider's answer (%s) fails the “%s” check a client must make — %s.", r.Op, r.Check, r.Reason)
	if len(r.Failed) > 1 {
		msg += " Also failed: " + strings.Join(r.Failed[1:], ", ") + "."
	}
	return msg + " The tokens are shown for inspection only: not remembered, not auto-refreshed, not copied, until you press Use anyway."
}

// refusedResponseMessage names the failed check(s) of a refused
// authorization response, whose code was not exchanged.
func refusedResponseMessage(r *workspace.Refusal) string {
	msg := fmt.Sprintf("Refused: the provider's %s fails the “%s” check a client must make — %s.", r.Op, r.Check, r.Reason)
	if len(r.Failed) > 1 {
		msg += " Also failed: " + strings.Join(r.Failed[1:], ", ") + "."
	}
	return msg + " Its code was not exchanged: the Response view shows it. Log in again."
}

func (b *refusedBanner) CreateRenderer() fyne.WidgetRenderer {
	return &refusedRenderer{b: b}
}

type refusedRenderer struct{ b *refusedBanner }

func (r *refusedRenderer) pad() float32 { return theme.Padding() * 2 }

func (r *refusedRenderer) Layout(size fyne.Size) {
	r.b.bg.Resize(size)
	p := r.pad()
	r.b.content.Move(fyne.NewPos(p, p/2))
	r.b.content.Resize(fyne.NewSize(size.Width-2*p, size.Height-p))
}

func (r *refusedRenderer) MinSize() fyne.Size {
	p := r.pad()
	return r.b.content.MinSize().Add(fyne.NewSize(2*p, p))
}

// Refresh takes the error colour of the theme in use now (the Settings
// dialog may have switched it).
func (r *refusedRenderer) Refresh() {
	r.b.bg.FillColor = errorColor()
	r.b.bg.Refresh()
	r.b.content.Refresh()
}

func (r *refusedRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.b.bg, r.b.content}
}

func (r *refusedRenderer) Destroy() {}

// currentTheme is the app's theme now, and its variant.
func currentTheme() (fyne.Theme, fyne.ThemeVariant) {
	app := fyne.CurrentApp()
	if app == nil {
		return theme.DefaultTheme(), theme.VariantDark
	}
	th := app.Settings().Theme()
	if th == nil {
		th = theme.DefaultTheme()
	}
	return th, app.Settings().ThemeVariant()
}

// errorColor is the current theme's error colour, opaque.
func errorColor() color.Color {
	th, v := currentTheme()
	c := color.NRGBAModel.Convert(th.Color(theme.ColorNameError, v)).(color.NRGBA)
	c.A = 0xff
	return c
}

// onErrorTheme is the current theme with its text in black or white,
// whichever contrasts more with the error colour.
type onErrorTheme struct{}

func (onErrorTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	th, _ := currentTheme()
	if n == theme.ColorNameForeground {
		return readableOn(errorColor())
	}
	return th.Color(n, v)
}

func (onErrorTheme) Font(s fyne.TextStyle) fyne.Resource {
	th, _ := currentTheme()
	return th.Font(s)
}

func (onErrorTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	th, _ := currentTheme()
	return th.Icon(n)
}

func (onErrorTheme) Size(n fyne.ThemeSizeName) float32 {
	th, _ := currentTheme()
	return th.Size(n)
}

// readableOn is black or white, whichever contrasts more with bg (WCAG 2
// contrast ratio).
func readableOn(bg color.Color) color.Color {
	if contrast(color.Black, bg) >= contrast(color.White, bg) {
		return color.Black
	}
	return color.White
}

// contrast is the WCAG 2 contrast ratio of two opaque colours (1 to 21).
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the WCAG 2 relative luminance of c.
func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}
