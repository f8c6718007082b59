package ui

import (
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// requestFields are the profile form's fields for how the authorization
// request is sent and its response comes back.
type requestFields struct {
	responseMode *widget.Select
}

// The response mode choices as the form shows them.
const (
	responseModeQueryLabel    = "query (redirect)"
	responseModeFormPostLabel = "form_post (the browser posts the response)"
)

func newRequestFields(p auth.Profile) *requestFields {
	r := &requestFields{
		responseMode: widget.NewSelect([]string{responseModeQueryLabel, responseModeFormPostLabel}, nil),
	}
	r.responseMode.SetSelected(responseModeQueryLabel)
	if p.ResponseMode == auth.ResponseModeFormPost {
		r.responseMode.SetSelected(responseModeFormPostLabel)
	}
	return r
}

func (r *requestFields) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("Response mode", r.responseMode),
	}
}

// apply writes the fields into p.
func (r *requestFields) apply(p *auth.Profile) {
	p.ResponseMode = auth.ResponseModeQuery
	if r.responseMode.Selected == responseModeFormPostLabel {
		p.ResponseMode = auth.ResponseModeFormPost
	}
}
