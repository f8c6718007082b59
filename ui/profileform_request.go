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

// The response mode choices as the form shows them.
const (
	responseModeQueryLabel    = "query (redirect)"
	responseModeFormPostLabel = "form_post (the browser posts the response)"
	requestObjectOffLabel     = "off (plain parameters)"
)

func newRequestFields(p auth.Profile) *requestFields {
	r := &requestFields{
		responseMode: widget.NewSelect([]string{responseModeQueryLabel, responseModeFormPostLabel}, nil),
	}
	r.requestObject = widget.NewSelect(append([]string{requestObjectOffLabel}, auth.RequestObjectAlgs...), nil)
	r.requestObject.SetSelected(requestObjectOffLabel)
	if p.RequestObject != "" {
		r.requestObject.SetSelected(p.RequestObject)
	}
	r.fapi2 = widget.NewCheck("FAPI 2.0 Security Profile (forces PAR, DPoP, private_key_jwt; adds the FAPI checks)", nil)
	r.fapi2.SetChecked(p.FAPI2())
	r.responseMode.SetSelected(responseModeQueryLabel)
	if p.ResponseMode == auth.ResponseModeFormPost {
		r.responseMode.SetSelected(responseModeFormPostLabel)
	}
	return r
}

func (r *requestFields) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("Response mode", r.responseMode),
		widget.NewFormItem("Request object (RFC 9101)", r.requestObject),
		widget.NewFormItem("Security profile", r.fapi2),
	}
}

// apply writes the fields into p.
func (r *requestFields) apply(p *auth.Profile) {
	p.SecurityProfile = ""
	if r.fapi2.Checked {
		p.SecurityProfile = auth.SecurityProfileFAPI2
	}
	p.RequestObject = ""
	if r.requestObject.Selected != requestObjectOffLabel {
		p.RequestObject = r.requestObject.Selected
	}
	p.ResponseMode = auth.ResponseModeQuery
	if r.responseMode.Selected == responseModeFormPostLabel {
		p.ResponseMode = auth.ResponseModeFormPost
	}
}
