package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// responseView shows the token response: the standard fields and the raw
// JSON, with token values masked until the user asks to see them.
type responseView struct {
	ts        *auth.TokenSet
	tokenType *widget.Label
	expiresIn *widget.Label
	scope     *widget.Label
	received  *widget.Label
	refresh   *widget.Label
	assertion *widget.Label // the RFC 7523 client assertion the request carried, decoded
	reqObject *widget.Label // the RFC 9101 request object the login sent, decoded
	grantJWT  *widget.Label // the JWT bearer grant's assertion (RFC 7523 §2.1), decoded
	cert      *widget.Label // the TLS client certificate the request presented (RFC 8705)
	jarm      *widget.Label // the JWT-secured authorization response (JARM), decoded, with its checks
	details   *widget.Label // the authorization_details granted (RFC 9396)
	notes     *widget.Label // what the checks of the provider's metadata and JWKS found
	show      *widget.Check
	raw       *widget.Label
	root      fyne.CanvasObject
}

func newResponseView() *responseView {
	v := &responseView{
		tokenType: widget.NewLabel(""), expiresIn: widget.NewLabel(""), scope: widget.NewLabel(""),
		received: widget.NewLabel(""), refresh: widget.NewLabel(""), assertion: widget.NewLabel(""), reqObject: widget.NewLabel(""), notes: widget.NewLabel("—"),
		jarm: widget.NewLabel(""), details: widget.NewLabel(""), grantJWT: widget.NewLabel(""), cert: widget.NewLabel(""),
		raw: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}),
	}
	v.raw.Wrapping = fyne.TextWrapBreak
	v.notes.Wrapping = fyne.TextWrapWord
	v.jarm.Wrapping = fyne.TextWrapWord // a check's reason can be long (a signature error)
	v.details.Wrapping = fyne.TextWrapWord
	v.show = widget.NewCheck("Show token values", func(bool) { v.render() })
	form := widget.NewForm(
		widget.NewFormItem("token_type", v.tokenType),
		widget.NewFormItem("expires_in", v.expiresIn),
		widget.NewFormItem("scope", v.scope),
		widget.NewFormItem("received at", v.received),
		widget.NewFormItem("refresh token", v.refresh),
		widget.NewFormItem("client assertion", v.assertion),
		widget.NewFormItem("request object", v.reqObject),
		widget.NewFormItem("JWT bearer assertion", v.grantJWT),
		widget.NewFormItem("client certificate", v.cert),
		widget.NewFormItem("authorization response", v.jarm),
		widget.NewFormItem("authorization_details", v.details),
		widget.NewFormItem("provider notes", v.notes),
	)
	v.root = container.NewBorder(container.NewVBox(form, v.show), nil, nil, nil, container.NewVScroll(v.raw))
	v.set(nil)
	return v
}

func (v *responseView) set(ts *auth.TokenSet) {
	v.ts = ts
	v.render()
}

func (v *responseView) render() {
	ts := v.ts
	if ts == nil {
		v.jarm.Importance = widget.MediumImportance
		for _, l := range []*widget.Label{v.tokenType, v.expiresIn, v.scope, v.received, v.refresh, v.assertion, v.reqObject, v.jarm, v.details, v.grantJWT, v.cert} {
			l.SetText("—")
		}
		v.raw.SetText("No token response yet.")
		return
	}
	v.tokenType.SetText(orDash(ts.TokenType))
	if ts.ExpiresIn > 0 {
		v.expiresIn.SetText(fmt.Sprintf("%d s (%s)", ts.ExpiresIn, clock(time.Duration(ts.ExpiresIn)*time.Second)))
	} else {
		v.expiresIn.SetText("— (the response had no expires_in)")
	}
	v.scope.SetText(orDash(ts.Scope))
	v.received.SetText(timeText(ts.ReceivedAt))
	switch {
	case ts.RefreshToken == "":
		v.refresh.SetText("none sent")
	case ts.RefreshKept:
		v.refresh.SetText("none in this response — the previous one was kept")
	case ts.RefreshRotated:
		v.refresh.SetText("new (rotated)")
	default:
		v.refresh.SetText("in this response")
	}
	v.assertion.SetText(assertionText(ts.ClientAssertion))
	v.reqObject.SetText(requestObjectText(ts.RequestObject))
	v.grantJWT.SetText("none (another grant)")
	if ts.GrantAssertion != nil {
		v.grantJWT.SetText(assertionText(ts.GrantAssertion) + " · sub " + orDash(ts.GrantAssertion.Subject))
	}
	v.cert.SetText("none presented")
	if ts.CertThumbprint != "" {
		v.cert.SetText("x5t#S256 " + ts.CertThumbprint + " (the access token's cnf is checked against it)")
	}
	v.jarm.Importance = widget.MediumImportance
	if jr := ts.AuthorizationResponse; jr != nil && slices.ContainsFunc(jr.Checks, func(c auth.ResponseCheck) bool { return !c.OK }) {
		v.jarm.Importance = widget.DangerImportance
	}
	v.jarm.SetText(responseJWTText(ts.AuthorizationResponse))
	v.details.SetText(detailsText(ts.GrantedAuthorizationDetails()))
	v.raw.SetText(maskedJSON(ts, v.show.Checked))
}

// maskedJSON pretty-prints the raw response; unless show, values of token
// members are replaced by a redacted form.
func maskedJSON(ts *auth.TokenSet, show bool) string {
	if len(ts.Fields) == 0 {
		if show {
			return string(ts.Raw)
		}
		return "(the response was not a JSON object)"
	}
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, f := range ts.Fields {
		val := f.Value
		if !show && isTokenMember(f.Name) {
			var s string
			if json.Unmarshal(f.Value, &s) == nil {
				val, _ = json.Marshal(auth.Redact(s) + " — tick “Show token values”")
			}
		}
		var ind bytes.Buffer
		if json.Indent(&ind, val, "  ", "  ") != nil {
			ind.Reset()
			ind.Write(val)
		}
		fmt.Fprintf(&b, "  %q: %s", f.Name, ind.String())
		if i < len(ts.Fields)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}")
	return b.String()
}

func isTokenMember(name string) bool {
	return strings.HasSuffix(name, "_token") // access_token, refresh_token, id_token, issued_token…
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// assertionText summarises a client assertion (private_key_jwt,
// client_secret_jwt): what it claimed, never its signature.
func assertionText(d *jose.Decoded) string {
	if d == nil {
		return "none (the client authenticated otherwise)"
	}
	parts := []string{d.Alg}
	if d.Kid != "" {
		parts = append(parts, "kid "+d.Kid)
	}
	parts = append(parts, "iss "+orDash(d.Issuer), "aud "+orDash(strings.Join(d.Audience, " ")))
	if !d.ExpiresAt.IsZero() {
		parts = append(parts, "exp "+timeText(d.ExpiresAt))
	}
	if d.JTI != "" {
		parts = append(parts, "jti "+d.JTI)
	}
	return strings.Join(parts, " · ")
}

// setNotes shows the provider's notes (endpoints on other hosts, JWKS keys
// ignored or weak).
func (v *responseView) setNotes(notes []string) {
	if len(notes) == 0 {
		v.notes.Importance = widget.MediumImportance
		v.notes.SetText("none")
		return
	}
	v.notes.Importance = widget.WarningImportance
	v.notes.SetText(strings.Join(notes, "\n"))
}

// requestObjectText shows the request object (RFC 9101) the login sent:
// its algorithm and every claim, so the request can be read as sent.
func requestObjectText(d *jose.Decoded) string {
	if d == nil {
		return "none (plain authorization parameters)"
	}
	head := d.Alg
	if d.Alg == "none" {
		head = "none (unsigned)"
	}
	if d.Kid != "" {
		head += " · kid " + d.Kid
	}
	lines := []string{head}
	for _, c := range d.Claims {
		lines = append(lines, c.Name+" = "+string(c.Raw))
	}
	return strings.Join(lines, "\n")
}

// responseJWTText shows a JWT-secured authorization response (JARM): how
// it was signed (and encrypted), each check, and every claim.
func responseJWTText(jr *auth.ResponseJWT) string {
	if jr == nil {
		return "plain (no JARM response mode)"
	}
	d := jr.Decoded
	head := orDash(d.Alg)
	if d.Kid != "" {
		head += " · kid " + d.Kid
	}
	if jr.Encryption != "" {
		head += " · encrypted " + jr.Encryption
	}
	lines := []string{head}
	for _, c := range jr.Checks {
		mark := "✓"
		if !c.OK {
			mark = "✗"
		}
		lines = append(lines, mark+" "+c.Name+": "+c.Reason)
	}
	for _, c := range d.Claims {
		val := string(c.Raw)
		if s, ok := c.Value.(string); ok && c.Name == "code" {
			val = auth.Redact(s) // a refused response's code may still be redeemable
		}
		lines = append(lines, c.Name+" = "+val)
	}
	return strings.Join(lines, "\n")
}

// detailsText shows the granted authorization_details, indented.
func detailsText(raw json.RawMessage) string {
	if raw == nil {
		return "none in this response"
	}
	return indentJSON(string(raw))
}
