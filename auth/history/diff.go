package history

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Change says how a claim differs between two tokens.
type Change string

// The changes of a claim.
const (
	Same    Change = "same"
	Added   Change = "added"   // only in the new token
	Removed Change = "removed" // only in the old token
	Changed Change = "changed" // in both, with different values
)

// ClaimDiff is one claim (or header member) of two tokens side by side.
type ClaimDiff struct {
	Name   string          `json:"name"`
	Change Change          `json:"change"`
	Old    json.RawMessage `json:"old,omitempty"` // nil when absent
	New    json.RawMessage `json:"new,omitempty"`
	// OldTime and NewTime are set for time claims (exp, iat, nbf,
	// auth_time); Delta is NewTime - OldTime when both are.
	OldTime  time.Time     `json:"old_time,omitzero"`
	NewTime  time.Time     `json:"new_time,omitzero"`
	Delta    time.Duration `json:"delta,omitempty"`
	HasDelta bool          `json:"has_delta,omitempty"`
}

// DeltaText is the time claim's delta as "exp +2:00" ("" for other claims).
func (c ClaimDiff) DeltaText() string {
	if !c.HasDelta {
		return ""
	}
	return c.Name + " " + FormatDelta(c.Delta)
}

// FormatDelta writes a signed duration as +m:ss, +h:mm:ss or +Nd h:mm:ss
// ("±0" for none), to the second.
func FormatDelta(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	s := int64(d.Round(time.Second) / time.Second)
	if s == 0 {
		return "±0"
	}
	days, h, m, sec := s/86400, s/3600%24, s/60%60, s%60
	switch {
	case days > 0:
		return fmt.Sprintf("%s%dd %d:%02d:%02d", sign, days, h, m, sec)
	case h > 0:
		return fmt.Sprintf("%s%d:%02d:%02d", sign, h, m, sec)
	}
	return fmt.Sprintf("%s%d:%02d", sign, m, sec)
}

// TokenDiff compares two tokens of the same kind.
type TokenDiff struct {
	Kind   string      `json:"kind"` // "access", "refresh", "id", or "" for pasted tokens
	OldRef string      `json:"old_ref,omitempty"`
	NewRef string      `json:"new_ref,omitempty"`
	Header []ClaimDiff `json:"header,omitempty"`
	Claims []ClaimDiff `json:"claims,omitempty"`
}

// Count returns how many claims (header members included) have change c.
func (d TokenDiff) Count(c Change) int {
	n := 0
	for _, cs := range [][]ClaimDiff{d.Header, d.Claims} {
		for _, x := range cs {
			if x.Change == c {
				n++
			}
		}
	}
	return n
}

// DiffTokens compares old and new claim by claim: old's claims in their
// order (same, changed or removed), then the claims only new has.
// Values compare as the tokens carry them (compact JSON).
func DiffTokens(old, new jose.Decoded) TokenDiff {
	return TokenDiff{
		OldRef: old.Ref(), NewRef: new.Ref(),
		Header: diffFields(old.Header, new.Header),
		Claims: diffFields(old.Claims, new.Claims),
	}
}

func diffFields(old, new []jose.Field) []ClaimDiff {
	var out []ClaimDiff
	for _, o := range old {
		c := ClaimDiff{Name: o.Name, Old: o.Raw, OldTime: o.Time, Change: Removed}
		if n, ok := jose.LastField(new, o.Name); ok {
			c.New, c.NewTime = n.Raw, n.Time
			c.Change = Same
			if !bytes.Equal(o.Raw, n.Raw) {
				c.Change = Changed
			}
			if !o.Time.IsZero() && !n.Time.IsZero() {
				c.Delta, c.HasDelta = n.Time.Sub(o.Time), true
			}
		}
		out = append(out, c)
	}
	for _, n := range new {
		if _, ok := jose.LastField(old, n.Name); !ok {
			out = append(out, ClaimDiff{Name: n.Name, New: n.Raw, NewTime: n.Time, Change: Added})
		}
	}
	return out
}

// Rotation is how one kind of token went from one set to the next.
type Rotation struct {
	Kind    string `json:"kind"`
	From    string `json:"from,omitempty"` // the tokens' Refs ("" when absent)
	To      string `json:"to,omitempty"`
	Rotated bool   `json:"rotated"` // From and To differ and both exist
}

// State is "rotated" (a new refresh token), "replaced" (a new access or
// ID token), "kept", "new" (only the newer set has one) or "gone" (only
// the older one has).
func (r Rotation) State() string {
	switch {
	case r.From == "" && r.To != "":
		return "new"
	case r.To == "" && r.From != "":
		return "gone"
	case r.Rotated && r.Kind == "refresh":
		return "rotated"
	case r.Rotated:
		return "replaced"
	}
	return "kept"
}

// SetDiff compares two token sets: each kind of token both or either has,
// and how each kind rotated.
type SetDiff struct {
	Tokens    []TokenDiff `json:"tokens"`
	Rotations []Rotation  `json:"rotations"`
}

// DiffSets compares the token sets old and new (either may be nil).
func DiffSets(old, new *SetFacts) SetDiff {
	var out SetDiff
	for _, kind := range []string{"access", "refresh", "id"} {
		o, n := old.Token(kind), new.Token(kind)
		if o == nil && n == nil {
			continue
		}
		td := DiffTokens(o.Decoded(), n.Decoded())
		td.Kind = kind
		td.OldRef, td.NewRef = refOf(o), refOf(n)
		out.Tokens = append(out.Tokens, td)
		out.Rotations = append(out.Rotations, Rotation{Kind: kind, From: td.OldRef, To: td.NewRef,
			Rotated: td.OldRef != "" && td.NewRef != "" && td.OldRef != td.NewRef})
	}
	if old.details() != nil || new.details() != nil {
		out.Tokens = append(out.Tokens, TokenDiff{Kind: KindAuthorizationDetails,
			Claims: diffFields(DetailFields(old.details()), DetailFields(new.details()))})
	}
	return out
}

// KindAuthorizationDetails is the TokenDiff of the granted
// authorization_details: one "claim" per object, named by its index and
// type ("[0] payment_initiation").
const KindAuthorizationDetails = "authorization_details"

func (s *SetFacts) details() json.RawMessage {
	if s == nil {
		return nil
	}
	return s.AuthorizationDetails
}

// DetailFields are granted authorization_details as fields, one per
// object, named by index and type; a value that is not an array is one
// field named "authorization_details".
func DetailFields(raw json.RawMessage) []jose.Field {
	if raw == nil {
		return nil
	}
	var objs []json.RawMessage
	if json.Unmarshal(raw, &objs) != nil {
		return []jose.Field{{Name: KindAuthorizationDetails, Raw: raw}}
	}
	out := make([]jose.Field, len(objs))
	for i, o := range objs {
		var t struct {
			Type string `json:"type"`
		}
		_ = json.Unmarshal(o, &t)
		var b bytes.Buffer
		if json.Compact(&b, o) != nil {
			b.Reset()
			b.Write(o)
		}
		out[i] = jose.Field{Name: fmt.Sprintf("[%d] %s", i, t.Type), Raw: b.Bytes()}
	}
	return out
}

func refOf(f *TokenFacts) string {
	if f == nil {
		return ""
	}
	return f.Ref
}
