package ui

import (
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// grantFields are the profile form's fields for how a profile gets and
// proves its tokens: grant, PAR, DPoP, JWT client authentication, and the
// audience and resources of client credentials and token exchange.
type grantFields struct {
	grant, par, assertionAud     *widget.Select
	dpopAlg                      *widget.Select
	keyFile, audience, resources *widget.Entry
	dpop                         *widget.Check
}

// The PAR choices as the form shows them.
const (
	parAuto = "when the provider requires it"
	parOn   = "always"
	parOff  = "never"
)

func newGrantFields(p auth.Profile) *grantFields {
	g := &grantFields{
		grant:        widget.NewSelect([]string{string(auth.GrantAuthorizationCode), string(auth.GrantDeviceCode), string(auth.GrantClientCredentials), string(auth.GrantJWTBearer)}, nil),
		par:          widget.NewSelect([]string{parAuto, parOn, parOff}, nil),
		assertionAud: widget.NewSelect([]string{"token endpoint", "issuer"}, nil),
		keyFile:      widget.NewEntry(),
		audience:     widget.NewEntry(),
		resources:    widget.NewEntry(),
		dpop:         widget.NewCheck("bind tokens to a key (DPoP, RFC 9449)", nil),
		dpopAlg:      widget.NewSelect(jose.DPoPAlgs, nil),
	}
	grant := p.Grant
	if grant == "" {
		grant = auth.GrantAuthorizationCode
	}
	g.grant.SetSelected(string(grant))
	g.par.SetSelected(map[string]string{auth.PAROn: parOn, auth.PAROff: parOff}[p.PAR])
	if g.par.Selected == "" {
		g.par.SetSelected(parAuto)
	}
	g.assertionAud.SetSelected("token endpoint")
	if p.AssertionAudience == "issuer" {
		g.assertionAud.SetSelected("issuer")
	}
	g.keyFile.SetText(p.ClientKeyFile)
	g.keyFile.SetPlaceHolder("PEM or JWK file with the private key (private_key_jwt)")
	g.audience.SetText(p.Audience)
	g.audience.SetPlaceHolder("audience (client credentials, token exchange)")
	g.resources.SetText(strings.Join(p.Resources, " "))
	g.resources.SetPlaceHolder("resource URIs, space-separated (RFC 8707)")
	g.dpop.OnChanged = func(on bool) {
		if on {
			g.dpopAlg.Enable()
		} else {
			g.dpopAlg.Disable()
		}
	}
	g.dpopAlg.SetSelected(jose.DPoPAlgs[0])
	if p.DPoPAlg != "" {
		g.dpopAlg.SetSelected(p.DPoPAlg)
	}
	g.dpop.SetChecked(p.DPoP)
	g.dpop.OnChanged(p.DPoP)
	return g
}

func (g *grantFields) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("Grant", g.grant),
		widget.NewFormItem("Push the request (PAR)", g.par),
		widget.NewFormItem("DPoP", g.dpop),
		widget.NewFormItem("DPoP key algorithm", g.dpopAlg),
		widget.NewFormItem("Client key file", g.keyFile),
		widget.NewFormItem("Assertion audience", g.assertionAud),
		widget.NewFormItem("Audience", g.audience),
		resourcesItem(g.resources),
	}
}

// resourcesItem is the Resources row, with what it does.
func resourcesItem(e *widget.Entry) *widget.FormItem {
	it := widget.NewFormItem("Resources", e)
	it.HintText = "the APIs the tokens are for: sent on every grant, refresh included"
	return it
}

// apply writes the fields into p.
func (g *grantFields) apply(p *auth.Profile) {
	p.Grant = auth.Grant(unmarked(g.grant.Selected))
	if p.Grant == auth.GrantAuthorizationCode {
		p.Grant = "" // the default, as the config file writes it
	}
	p.PAR = map[string]string{parOn: auth.PAROn, parOff: auth.PAROff}[g.par.Selected]
	p.AssertionAudience = ""
	if g.assertionAud.Selected == "issuer" {
		p.AssertionAudience = "issuer"
	}
	p.ClientKeyFile = strings.TrimSpace(g.keyFile.Text)
	p.Audience = strings.TrimSpace(g.audience.Text)
	p.Resources = strings.Fields(g.resources.Text)
	p.DPoP = g.dpop.Checked
	p.DPoPAlg = ""
	if alg := unmarked(g.dpopAlg.Selected); p.DPoP && alg != jose.DPoPAlgs[0] {
		p.DPoPAlg = alg // the default stays out of the config file
	}
}
