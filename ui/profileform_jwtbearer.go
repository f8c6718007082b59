package ui

import (
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// jwtBearerFields are the profile form's JWT bearer grant (RFC 7523 §2.1):
// the key that signs the assertion and its claims.
type jwtBearerFields struct {
	key, issuer, subject, audience, claims *widget.Entry
}

func newJWTBearerFields(p auth.Profile) *jwtBearerFields {
	j := &jwtBearerFields{
		key:      formEntry(p.AssertionKey, "PEM, JWK or Google service-account key file"),
		issuer:   formEntry(p.AssertionIssuer, "iss (default: client_email, else client id)"),
		subject:  formEntry(p.AssertionSubject, "sub (default: its iss)"),
		audience: formEntry(p.AssertionAud, "aud (default: the token endpoint)"),
		claims:   widget.NewMultiLineEntry(),
	}
	j.claims.SetText(p.AssertionClaims)
	j.claims.SetPlaceHolder(`extra assertion claims, a JSON object: {"scope": "api"}`)
	j.claims.SetMinRowsVisible(2)
	return j
}

func (j *jwtBearerFields) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("JWT bearer key", j.key),
		widget.NewFormItem("JWT bearer iss", j.issuer),
		widget.NewFormItem("JWT bearer sub", j.subject),
		widget.NewFormItem("JWT bearer aud", j.audience),
		widget.NewFormItem("JWT bearer claims", j.claims),
	}
}

// apply writes the fields into p.
func (j *jwtBearerFields) apply(p *auth.Profile) {
	p.AssertionKey = strings.TrimSpace(j.key.Text)
	p.AssertionIssuer = strings.TrimSpace(j.issuer.Text)
	p.AssertionSubject = strings.TrimSpace(j.subject.Text)
	p.AssertionAud = strings.TrimSpace(j.audience.Text)
	p.AssertionClaims = strings.TrimSpace(j.claims.Text)
}
