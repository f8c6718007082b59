package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/discovery"
)

// notListed marks a picker's choice that the provider's metadata does not
// list among what it supports: it can still be chosen (metadata is often
// incomplete), but the user sees that the provider may refuse it.
const notListed = " — not listed by the provider"

// unmarked is a picker's choice without the notListed mark.
func unmarked(s string) string { return strings.TrimSuffix(s, notListed) }

// markSelect relabels sel's options: each whose value (by valueOf) is not
// in supported gets the notListed mark; nil supported (the metadata lists
// nothing, or it is not known yet) marks nothing. The selection is kept.
func markSelect(sel *widget.Select, supported []string, valueOf func(label string) string) {
	selected := unmarked(sel.Selected)
	opts := make([]string, len(sel.Options))
	for i, o := range sel.Options {
		o = unmarked(o)
		if supported != nil && valueOf(o) != "" && !slices.Contains(supported, valueOf(o)) {
			o += notListed
		}
		opts[i] = o
		if unmarked(o) == selected {
			selected = o
		}
	}
	sel.Options = opts
	sel.SetSelected(selected)
	sel.Refresh()
}

// markSupported marks the form's pickers by the provider's metadata:
// grant types, client authentication methods, response modes, and the
// request object's and DPoP proofs' signing algorithms.
func (f *profileForm) markSupported(ep discovery.Resolved) {
	grantValue := func(l string) string {
		switch l {
		case string(auth.GrantDeviceCode):
			return auth.DeviceGrantType
		case string(auth.GrantJWTBearer):
			return auth.JWTBearerGrantType
		}
		return l
	}
	markSelect(f.grants.grant, ep.Supported.GrantTypes, grantValue)
	markSelect(f.clientAuth, ep.TokenAuthMethods, func(l string) string {
		if l == clientAuthAuto {
			return ""
		}
		return l
	})
	modes := ep.Supported.ResponseModes
	if modes != nil && !slices.Contains(modes, "query") {
		modes = append(slices.Clone(modes), "query") // the default of response_type=code, listed or not
	}
	markSelect(f.request.responseMode, modes, func(l string) string { return responseModeValue(l) })
	markSelect(f.request.requestObject, ep.Supported.RequestObjectAlgs, func(l string) string {
		if l == requestObjectOffLabel {
			return ""
		}
		return l
	})
	markSelect(f.grants.dpopAlg, ep.Supported.DPoPAlgs, func(l string) string { return l })
	f.authReq.setSupported(ep.Supported)
}
