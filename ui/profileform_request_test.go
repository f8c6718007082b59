package ui

import (
	"testing"

	"github.com/tokeninspector/tokeninspector/auth"
)

// The response mode field round-trips through the saved profile.
func TestProfileFormResponseMode(t *testing.T) {
	h := newHarness(t, nil)
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	f.name.SetText("fp")
	f.issuer.SetText("https://login.acme.test")
	f.clientID.SetText("app")
	f.clientAuth.SetSelected(string(auth.AuthNone))
	f.request.responseMode.SetSelected(responseModeFormPostLabel)
	h.u.saveProfile(f, auth.Profile{})
	h.settle()
	if p := h.u.current().Profile; p.ResponseMode != auth.ResponseModeFormPost {
		t.Fatalf("saved response_mode %q; want form_post", p.ResponseMode)
	}
	h.u.onEditProfile()
	if got := h.u.profileFormOpen.request.responseMode.Selected; got != responseModeFormPostLabel {
		t.Errorf("the form shows response mode %q; want form_post", got)
	}
}
