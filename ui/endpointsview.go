package ui

// Drawing what the provider's other endpoints said: introspection and
// revocation notes under each token, the operations' answer views,
// and the device login panel.

import (
	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

func (u *UI) drawEndpoints(s workspace.Snapshot) {
	v := u.views
	v.response.setNotes(s.ProviderNotes)
	if s.State != workspace.LoggingIn || s.Prompt == nil || s.Prompt.Device == nil {
		u.device.hide()
	}
	for _, tv := range []*tokenView{v.access, v.refreshTok, v.id} {
		raw := tv.decoded.Raw
		in := s.Introspections[raw]
		if raw == "" {
			in = nil
		}
		tv.setServer(in, raw != "" && s.Revoked[raw])
		// An opaque token's expiry, when only introspection tells it.
		if in != nil && !in.ExpiresAt.IsZero() && tv.decoded.ExpiresAt.IsZero() && tv.decoded.Format == jose.FormatOpaque {
			d := tv.decoded
			d.ExpiresAt, d.IssuedAt = in.ExpiresAt, in.IssuedAt
			if d.IssuedAt.IsZero() && s.Tokens != nil {
				d.IssuedAt = s.Tokens.ReceivedAt
			}
			tv.set(d, tv.linkSet, u.deps.Now())
			tv.setServer(in, s.Revoked[raw])
		}
	}
	now := u.deps.Now()
	for _, a := range v.answers {
		a.draw(s, now)
	}
	if v.tryIt != nil {
		v.tryIt.draw(s)
	}
	if v.trace != nil {
		v.trace.set(s.Trace)
	}
}
