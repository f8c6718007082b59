package ui

import (
	"strings"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"fyne.io/fyne/v2/widget"
)

// setServer shows what the provider's endpoints said of the token:
// revoked from this window, and the introspection answer.
func (v *tokenView) setServer(in *oidc.Introspection, revoked bool) {
	var parts []string
	if revoked {
		parts = append(parts, "revoked from this window")
	}
	if in != nil {
		if in.Active {
			s := "introspection: active"
			if !in.ExpiresAt.IsZero() {
				s += " · exp " + timeText(in.ExpiresAt)
			}
			if in.Scope != "" {
				s += " · scope " + in.Scope
			}
			if in.ClientID != "" {
				s += " · client " + in.ClientID
			}
			parts = append(parts, s)
		} else {
			parts = append(parts, "introspection: inactive (expired, revoked or unknown to the provider)")
		}
	}
	if len(parts) == 0 {
		v.hasServer = false
		v.showDetails()
		return
	}
	v.server.Importance = widget.MediumImportance
	if revoked || (in != nil && !in.Active) {
		v.server.Importance = widget.DangerImportance
	}
	v.server.SetText(strings.Join(parts, "  ·  "))
	v.hasServer = true
	v.showDetails()
}
