package auth

import (
	"bytes"
	"encoding/json"
	"time"
)

// TokenFacts is what a history keeps of one token: its format, its Ref
// (jti or fingerprint), its length, and its header and claims as JSON
// objects in token order — never the token itself, so it can be written
// to a file. Decoded turns it back into claims to show or compare.
type TokenFacts struct {
	Format Format          `json:"format"`
	Ref    string          `json:"ref,omitempty"`
	Length int             `json:"length"`
	Header json.RawMessage `json:"header,omitempty"`
	Claims json.RawMessage `json:"claims,omitempty"`
}

// FactsOf keeps the facts of d (nil for an empty token).
func FactsOf(d Decoded) *TokenFacts {
	if d.Format == "" || d.Format == FormatEmpty {
		return nil
	}
	f := &TokenFacts{Format: d.Format, Ref: d.Ref(), Length: d.Length}
	if len(d.Header) > 0 {
		var b bytes.Buffer
		fieldsObject(&b, d.Header)
		f.Header = b.Bytes()
	}
	if len(d.Claims) > 0 {
		var b bytes.Buffer
		fieldsObject(&b, d.Claims)
		f.Claims = b.Bytes()
	}
	return f
}

// Decoded reads the facts back as a Decoded without a Raw token: header
// and claims in token order, the registered claims and times filled in.
// Damaged JSON (a hand-edited file) gives the members before the damage.
func (f *TokenFacts) Decoded() Decoded {
	if f == nil {
		return Decoded{}
	}
	d := Decoded{Format: f.Format, Length: f.Length}
	if len(f.Header) > 0 {
		d.Header, _, d.HeaderErr = parseObject(f.Header)
		d.readHeader()
	}
	if len(f.Claims) > 0 {
		d.Claims, _, d.ClaimsErr = parseObject(f.Claims)
		d.readClaims()
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
}

// FactsOfSet keeps the facts of ts (nil for nil).
func FactsOfSet(ts *TokenSet) *SetFacts {
	if ts == nil {
		return nil
	}
	return &SetFacts{
		ReceivedAt: ts.ReceivedAt, TokenType: ts.TokenType, ExpiresIn: ts.ExpiresIn, Scope: ts.Scope,
		Access: FactsOf(ts.Access), Refresh: FactsOf(ts.Refresh), ID: FactsOf(ts.ID),
		RefreshRotated: ts.RefreshRotated, RefreshKept: ts.RefreshKept, IDKept: ts.IDKept,
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
