package auth

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"golang.org/x/oauth2"
)

// TokenSet is one token endpoint response, decoded once when it arrives.
type TokenSet struct {
	AccessToken  string
	RefreshToken string
	IDToken      string
	TokenType    string // as sent, e.g. "bearer"
	ExpiresIn    int64  // seconds; 0 when the response had no expires_in
	Scope        string
	// Fields holds every member of the response in the order sent,
	// including extras such as Decathlon's "jti".
	Fields []ResponseField
	// Raw is the response body exactly as received.
	Raw        []byte
	ReceivedAt time.Time
	// RefreshKept is true when the response carried no refresh_token and
	// the previous refresh token was kept.
	RefreshKept bool
	// RefreshRotated is true when the response carried a refresh token
	// different from the one presented.
	RefreshRotated bool
	// IDKept is true when a refresh response carried no id_token and the
	// login's ID token was kept (OpenID Connect Core §12.2 allows that).
	IDKept bool

	Access, Refresh, ID Decoded // the three tokens decoded (not verified)
}

// ResponseField is one member of a token response.
type ResponseField struct {
	Name  string
	Value json.RawMessage
}

// Bearer returns the Authorization header value for the access token.
func (t *TokenSet) Bearer() string { return "Bearer " + t.AccessToken }

// Expiry is when the access token expires: its exp claim, or ReceivedAt +
// expires_in for opaque tokens. ok is false when neither is known.
func (t *TokenSet) Expiry() (time.Time, bool) {
	if !t.Access.ExpiresAt.IsZero() {
		return t.Access.ExpiresAt, true
	}
	if t.ExpiresIn > 0 {
		return t.ReceivedAt.Add(time.Duration(t.ExpiresIn) * time.Second), true
	}
	return time.Time{}, false
}

// Field returns the raw JSON of a response member.
func (t *TokenSet) Field(name string) (json.RawMessage, bool) {
	for _, f := range t.Fields {
		if f.Name == name {
			return f.Value, true
		}
	}
	return nil, false
}

// newTokenSet builds a TokenSet from x/oauth2's token and the captured body.
// prevRefresh is the refresh token that was presented, if any.
func newTokenSet(tok *oauth2.Token, raw []byte, received time.Time, prevRefresh string) *TokenSet {
	ts := &TokenSet{
		AccessToken: tok.AccessToken,
		TokenType:   tok.TokenType,
		ExpiresIn:   tok.ExpiresIn,
		Raw:         raw,
		ReceivedAt:  received,
		Fields:      responseFields(raw),
	}
	if s, ok := tok.Extra("id_token").(string); ok {
		ts.IDToken = s
	}
	if s, ok := tok.Extra("scope").(string); ok {
		ts.Scope = s
	}
	// x/oauth2 copies the presented refresh token into responses that lack
	// one; look at the response itself to tell rotation from reuse.
	rt, isString := tok.Extra("refresh_token").(string)
	if !isString && tok.Extra("refresh_token") != nil {
		// Extra turns a form-encoded "12345" into a number;
		// tok.RefreshToken holds it as sent.
		rt = tok.RefreshToken
	}
	if rt != "" {
		ts.RefreshToken = rt
		ts.RefreshRotated = prevRefresh != "" && rt != prevRefresh
	} else if prevRefresh != "" {
		ts.RefreshToken = prevRefresh
		ts.RefreshKept = true
	}
	if ts.ExpiresIn == 0 {
		ts.ExpiresIn = expiresInFromExtra(tok.Extra("expires_in"))
	}
	ts.Access = UnverifiedDecode(ts.AccessToken)
	if ts.RefreshToken != "" {
		ts.Refresh = UnverifiedDecode(ts.RefreshToken)
	}
	if ts.IDToken != "" {
		ts.ID = UnverifiedDecode(ts.IDToken)
	}
	return ts
}

// expiresInFromExtra reads an expires_in that x/oauth2 did not put in
// Token.ExpiresIn: sent as a string ("899"), or in a form-encoded response
// (GitHub's), where Extra gives an int64 or a float64. Like x/oauth2 does
// for JSON, it caps the value at math.MaxInt32 seconds so that the expiry
// cannot overflow.
func expiresInFromExtra(v any) int64 {
	var n int64
	switch x := v.(type) {
	case string:
		n, _ = strconv.ParseInt(x, 10, 64)
	case int64:
		n = x
	case float64:
		if x >= 1 { // also false for NaN
			n = int64(min(x, math.MaxInt32))
		}
	}
	return min(n, math.MaxInt32)
}

// responseFields lists the members of a JSON object in order (the members
// before a syntax error, if any); nil when raw is not a JSON object.
func responseFields(raw []byte) []ResponseField {
	fields, _, _ := parseObject(raw)
	if len(fields) == 0 {
		return nil
	}
	out := make([]ResponseField, len(fields))
	for i, f := range fields {
		out[i] = ResponseField{Name: f.Name, Value: f.Raw}
	}
	return out
}

// String never shows token values: a TokenSet printed by accident must not
// leak. The value receiver covers TokenSet values as well as pointers, so
// %v and %+v never fall back to printing the fields.
func (t TokenSet) String() string {
	return fmt.Sprintf("TokenSet{type=%s expires_in=%d scope=%q access=%s refresh=%s id=%s}",
		t.TokenType, t.ExpiresIn, t.Scope, Redact(t.AccessToken), Redact(t.RefreshToken), Redact(t.IDToken))
}

// GoString keeps %#v as safe as %v.
func (t TokenSet) GoString() string { return "auth." + t.String() }

// Redact shows at most a short prefix of a secret, for logs and messages.
func Redact(s string) string {
	switch {
	case s == "":
		return "(none)"
	case len(s) <= 12:
		return "…(" + strconv.Itoa(len(s)) + " chars)"
	}
	return s[:6] + "…(" + strconv.Itoa(len(s)) + " chars)"
}
