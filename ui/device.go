package ui

// The device login panel (RFC 8628): the user code, where to enter it, a
// QR code of the verification URI, and the code's countdown.

import (
	"net/url"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// qrSize is the QR code's side in pixels (drawn at 160 units).
const qrSize = 256

type devicePanel struct {
	code      *widget.Label
	uri       *widget.Label
	countdown *widget.Label
	poll      *widget.Label
	qr        *canvas.Image
	open      *widget.Button
	copyCode  *widget.Button
	root      *fyne.Container

	shown *oidc.DeviceAuthorization // the code on screen
}

func newDevicePanel(openURL func(string), copy func(text, what string)) *devicePanel {
	p := &devicePanel{
		code:      widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true, Bold: true}),
		uri:       widget.NewLabel(""),
		countdown: widget.NewLabel(""),
		poll:      widget.NewLabel(""),
		qr:        canvas.NewImageFromResource(nil),
	}
	p.uri.Wrapping = fyne.TextWrapBreak
	p.poll.Importance = widget.LowImportance
	p.code.Importance = widget.HighImportance
	p.code.SizeName = theme.SizeNameHeadingText // the code is read off the screen and typed elsewhere
	p.qr.FillMode = canvas.ImageFillContain
	p.qr.ScaleMode = canvas.ImageScalePixels
	p.qr.SetMinSize(fyne.NewSize(160, 160))
	p.open = widget.NewButtonWithIcon("Open in browser", theme.ComputerIcon(), func() {
		if p.shown != nil {
			openURL(p.shown.BrowserURI())
		}
	})
	p.copyCode = widget.NewButtonWithIcon("Copy code", theme.ContentCopyIcon(), func() {
		if p.shown != nil {
			copy(p.shown.UserCode, "user code")
		}
	})
	text := container.NewVBox(
		widget.NewLabel("On any device, open the address below (or scan the code) and enter:"),
		p.code, p.uri, p.countdown, p.poll,
		container.NewHBox(p.open, p.copyCode), // Cancel is the status line's
	)
	p.root = container.NewBorder(nil, nil, p.qr, nil, text)
	p.root.Hide()
	return p
}

// show puts a device login's code on screen (a new code redraws the QR code).
func (p *devicePanel) show(d *oidc.DeviceAuthorization, poll string, now time.Time) {
	if p.shown != d {
		p.shown = d
		p.code.SetText(d.UserCode)
		p.uri.SetText(d.VerificationURI)
		if png, err := oidc.QRCodePNG(d.BrowserURI(), qrSize); err == nil {
			p.qr.Resource = fyne.NewStaticResource("device-login-qr.png", png)
			p.qr.Refresh()
		}
	}
	switch poll {
	case "slow_down":
		p.poll.SetText("The provider asked to poll more slowly: waiting " + d.Interval.String() + " more between polls.")
	case "":
		p.poll.SetText("Waiting for approval…")
	default:
		p.poll.SetText("Waiting for approval… (" + poll + ")")
	}
	p.tick(now)
	p.root.Show()
}

// hide removes the panel once the login ended.
func (p *devicePanel) hide() {
	if p.shown != nil || p.root.Visible() {
		p.shown = nil
		p.root.Hide()
	}
}

// tick updates the code's countdown.
func (p *devicePanel) tick(now time.Time) {
	if p.shown == nil {
		return
	}
	if p.shown.ExpiresAt.IsZero() {
		p.countdown.SetText("The provider did not say when the code expires.")
		return
	}
	left := p.shown.ExpiresAt.Sub(now)
	if left <= 0 {
		p.countdown.Importance = widget.DangerImportance
		p.countdown.SetText("The code expired: Cancel and log in again.")
		return
	}
	p.countdown.Importance = widget.MediumImportance
	p.countdown.SetText("The code expires in " + clock(left.Round(time.Second)))
}

// parseURL is the URL to hand to the app's opener (nil when unparsable).
func parseURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return nil
	}
	return u
}
