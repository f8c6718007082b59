package history

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// TokenFacts is what a history keeps of one token: its format, its Ref
// (jti or fingerprint), its length, and its header and claims as JSON
// objects in token order — never the token itself, so it can be written
// to a file. Decoded turns it back into claims to show or compare.
type TokenFacts struct {
	Format jose.Format     `json:"format"`
	Ref    string          `json:"ref,omitempty"`
	Length int             `json:"length"`
	Header json.RawMessage `json:"header,omitempty"`
	Claims json.RawMessage `json:"claims,omitempty"`
}

// FactsOf keeps the facts of d (nil for an empty token).
func FactsOf(d jose.Decoded) *TokenFacts {
	if d.Format == "" || d.Format == jose.FormatEmpty {
		return nil
	}
	f := &TokenFacts{Format: d.Format, Ref: ownRef(d), Length: d.Length}
	if len(d.Header) > 0 {
		f.Header = factsObject(d.Header)
	}
	if len(d.Claims) > 0 {
		f.Claims = factsObject(d.Claims)
	}
	return f
}

// factsObject is fs as a JSON object in an array of its own length: a
// history keeps a thousand of them, and a grown buffer's spare room with
// each.
func factsObject(fs []jose.Field) json.RawMessage {
	n := 1 + len(fs) // braces and commas
	for _, f := range fs {
		n += len(f.Name) + len(`"":`) + len(f.Raw)
		if len(f.Raw) == 0 {
			n += len("null")
		}
	}
	b := bytes.NewBuffer(make([]byte, 0, n))
	jose.FieldsObject(b, fs)
	if b.Cap() > b.Len() { // a name that needed escaping grew it
		return append(make([]byte, 0, b.Len()), b.Bytes()...)
	}
	return b.Bytes()
}

// Decoded reads the facts back as a Decoded without a Raw token: header
// and claims in token order, the registered claims and times filled in.
// Damaged JSON (a hand-edited file) gives the members before the damage.
func (f *TokenFacts) Decoded() jose.Decoded {
	if f == nil {
		return jose.Decoded{}
	}
	d := jose.Decoded{Format: f.Format, Length: f.Length}
	if len(f.Header) > 0 {
		d.Header, _, d.HeaderErr = jose.ParseObject(f.Header)
		d.ReadHeader()
	}
	if len(f.Claims) > 0 {
		d.Claims, _, d.ClaimsErr = jose.ParseObject(f.Claims)
		d.ReadClaims()
	}
	if d.JTI == "" {
		d.JTI = f.Ref // a fingerprint stands in for the jti it lacks
	}
	return d
}

// SetFacts is what a history keeps of a token set: the facts of its three
// tokens and the response's metadata, never a token or a secret.
type SetFacts struct {
	ReceivedAt time.Time   `json:"received_at"`
	TokenType  string      `json:"token_type,omitempty"`
	ExpiresIn  int64       `json:"expires_in,omitempty"`
	Scope      string      `json:"scope,omitempty"`
	Access     *TokenFacts `json:"access,omitempty"`
	Refresh    *TokenFacts `json:"refresh,omitempty"`
	ID         *TokenFacts `json:"id,omitempty"`
	// RefreshRotated, RefreshKept and IDKept are the TokenSet's flags.
	RefreshRotated bool `json:"refresh_rotated,omitempty"`
	RefreshKept    bool `json:"refresh_kept,omitempty"`
	IDKept         bool `json:"id_kept,omitempty"`
	// AuthorizationDetails are the authorization_details the token
	// response granted (RFC 9396 §7), as it sent them; nil without.
	AuthorizationDetails json.RawMessage `json:"authorization_details,omitempty"`
}

// FactsOfSet keeps the facts of ts (nil for nil).
func FactsOfSet(ts *auth.TokenSet) *SetFacts {
	if ts == nil {
		return nil
	}
	return &SetFacts{
		ReceivedAt: ts.ReceivedAt, TokenType: ts.TokenType, ExpiresIn: ts.ExpiresIn, Scope: ts.Scope,
		Access: FactsOf(ts.Access), Refresh: FactsOf(ts.Refresh), ID: FactsOf(ts.ID),
		RefreshRotated: ts.RefreshRotated, RefreshKept: ts.RefreshKept, IDKept: ts.IDKept,
		AuthorizationDetails: bytes.Clone(ts.GrantedAuthorizationDetails()),
	}
}

// Token returns the facts of one of the set's tokens by kind ("access",
// "refresh" or "id"); nil when the set has none.
func (s *SetFacts) Token(kind string) *TokenFacts {
	if s == nil {
		return nil
	}
	switch kind {
	case "access":
		return s.Access
	case "refresh":
		return s.Refresh
	case "id":
		return s.ID
	}
	return nil
}

// ShareFacts is set with what it has in common with prev (the facts of the
// entry before it in a history) taken from prev: the facts of a token that
// did not change (a refresh token or ID token kept), and headers with the
// same text, so that a history holds one copy of each. Neither set nor
// prev is changed (both may already be read elsewhere): it returns set
// itself when nothing is shared, else a new SetFacts.
func ShareFacts(set, prev *SetFacts) *SetFacts {
	if set == nil || prev == nil {
		return set
	}
	headers := [][]byte{prev.Access.header(), prev.Refresh.header(), prev.ID.header()}
	out := *set
	for _, t := range []struct {
		f       **TokenFacts
		earlier *TokenFacts
	}{{&out.Access, prev.Access}, {&out.Refresh, prev.Refresh}, {&out.ID, prev.ID}} {
		*t.f = shareToken(*t.f, t.earlier, headers)
		headers = append(headers, (*t.f).header())
	}
	if out.Access == set.Access && out.Refresh == set.Refresh && out.ID == set.ID {
		return set
	}
	return &out
}

// shareToken is f, or earlier when it holds the same facts, or a copy of f
// with an equal header from headers.
func shareToken(f, earlier *TokenFacts, headers [][]byte) *TokenFacts {
	switch {
	case f == nil || f == earlier:
		return f
	case earlier != nil && f.Format == earlier.Format && f.Ref == earlier.Ref && f.Length == earlier.Length &&
		bytes.Equal(f.Header, earlier.Header) && bytes.Equal(f.Claims, earlier.Claims):
		return earlier
	}
	for _, h := range headers {
		if len(h) > 0 && bytes.Equal(f.Header, h) {
			if &h[0] == &f.Header[0] {
				return f
			}
			g := *f
			g.Header = h
			return &g
		}
	}
	return f
}

// header is the header JSON (nil for none).
func (f *TokenFacts) header() json.RawMessage {
	if f == nil {
		return nil
	}
	return f.Header
}
