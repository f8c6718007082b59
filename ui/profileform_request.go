package ui

import (
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// requestFields are the profile form's fields for how the authorization
// request is sent and its response comes back.
type requestFields struct {
	responseMode, requestObject *widget.Select
	fapi2                       *widget.Check
}

// The response mode choices as the form shows them, and the request
// object's off choice.
const (
	responseModeQueryLabel       = "query (redirect)"
	responseModeFormPostLabel    = "form_post (the browser posts the response)"
	responseModeJWTLabel         = "jwt (JARM: a signed response, the provider's default delivery)"
	responseModeQueryJWTLabel    = "query.jwt (JARM: a signed response in the redirect)"
	responseModeFormPostJWTLabel = "form_post.jwt (JARM: a signed response, posted)"
	requestObjectOffLabel        = "off (plain parameters)"
)

// responseModeLabels are the choices in order, by response mode.
var responseModeLabels = []struct{ mode, label string }{
	{auth.ResponseModeQuery, responseModeQueryLabel},
	{auth.ResponseModeFormPost, responseModeFormPostLabel},
	{auth.ResponseModeJWT, responseModeJWTLabel},
	{auth.ResponseModeQueryJWT, responseModeQueryJWTLabel},
	{auth.ResponseModeFormPostJWT, responseModeFormPostJWTLabel},
}

// responseModeValue is the response_mode value of a choice ("query" for
// the default, as metadata lists it).
func responseModeValue(label string) string {
	for _, m := range responseModeLabels {
		if m.label == unmarked(label) {
			if m.mode == auth.ResponseModeQuery {
				return "query"
			}
			return m.mode
		}
	}
	return ""
}

func newRequestFields(p auth.Profile) *requestFields {
	labels := make([]string, len(responseModeLabels))
	for i, m := range responseModeLabels {
		labels[i] = m.label
	}
	r := &requestFields{
		responseMode: widget.NewSelect(labels, nil),
	}
	r.requestObject = widget.NewSelect(append([]string{requestObjectOffLabel}, auth.RequestObjectAlgs...), nil)
	r.requestObject.SetSelected(requestObjectOffLabel)
	if p.RequestObject != "" {
		r.requestObject.SetSelected(p.RequestObject)
	}
	r.fapi2 = widget.NewCheck("FAPI 2.0 Security Profile", nil)
	r.fapi2.SetChecked(p.FAPI2())
	r.responseMode.SetSelected(responseModeQueryLabel)
	for _, m := range responseModeLabels {
		if m.mode == p.ResponseMode {
			r.responseMode.SetSelected(m.label)
		}
	}
	return r
}

func (r *requestFields) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("Response mode", r.responseMode),
		widget.NewFormItem("Request object (RFC 9101)", r.requestObject),
		{Text: "Security profile", Widget: r.fapi2,
			HintText: "forces PAR, private_key_jwt or mTLS, bound tokens; adds its checks"},
	}
}

// apply writes the fields into p.
func (r *requestFields) apply(p *auth.Profile) {
	p.SecurityProfile = ""
	if r.fapi2.Checked {
		p.SecurityProfile = auth.SecurityProfileFAPI2
	}
	p.RequestObject = ""
	if sel := unmarked(r.requestObject.Selected); sel != requestObjectOffLabel {
		p.RequestObject = sel
	}
	p.ResponseMode = auth.ResponseModeQuery
	if m := responseModeValue(r.responseMode.Selected); m != "query" {
		p.ResponseMode = m
	}
}
