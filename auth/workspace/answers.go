package workspace

import (
	"maps"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth"
)

// Answers is what the provider's other endpoints said about a profile's
// current tokens. The profile's state holds one and every Snapshot embeds
// it as it is: its maps are replaced, never written into (withAnswer), so
// a snapshot shares them without a copy. An operation with a new kind of
// answer adds one field here; the state and the snapshot both have it.
type Answers struct {
	// Userinfo is the last userinfo answer for the current tokens.
	Userinfo *oidc.Userinfo
	// Introspections holds what the introspection endpoint said of each
	// token (by its raw text): asked for, and automatic for opaque tokens.
	Introspections map[string]*oidc.Introspection
	// Revoked marks the tokens (by raw text) revoked from this window.
	Revoked map[string]bool
	// Exchanged is the last token exchange's result.
	Exchanged *auth.TokenSet
	// ExchangedRefused is set when Exchanged came in an answer that fails
	// a check a client MUST make (shown for inspection only).
	ExchangedRefused *Refusal
	// Call is the last request sent to an API (Try it); it stays when the
	// tokens change, as it says which token it sent.
	Call *CallResult
}

// forTokens keeps only what concerns ts (a refresh replaces the access
// token; the refresh token's answers stay while it does).
func (a *Answers) forTokens(ts *auth.TokenSet) {
	a.Userinfo = nil
	keep := func(raw string) bool {
		return ts != nil && raw != "" && (raw == ts.AccessToken || raw == ts.RefreshToken || raw == ts.IDToken)
	}
	a.Introspections = keepKeys(a.Introspections, keep)
	a.Revoked = keepKeys(a.Revoked, keep)
}

// withAnswer is a copy of m with k set to v: published snapshots share m,
// so it is never written into.
func withAnswer[V any](m map[string]V, k string, v V) map[string]V {
	c := make(map[string]V, len(m)+1)
	maps.Copy(c, m)
	c[k] = v
	return c
}

// keepKeys is m without the keys keep refuses: m itself when it keeps them
// all, else a copy (published snapshots share m). nil stays nil.
func keepKeys[V any](m map[string]V, keep func(string) bool) map[string]V {
	for k := range m {
		if !keep(k) {
			c := maps.Clone(m)
			maps.DeleteFunc(c, func(k string, _ V) bool { return !keep(k) })
			return c
		}
	}
	return m
}
