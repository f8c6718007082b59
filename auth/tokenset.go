package auth

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// TokenSet is one token endpoint response, decoded once when it arrives.
type TokenSet struct {
	AccessToken  string
	RefreshToken string
	IDToken      string
	TokenType    string // as sent, e.g. "bearer"
	ExpiresIn    int64  // seconds; 0 when the response had no expires_in
	Scope        string
	// IssuedTokenType is a token exchange response's issued_token_type
	// (RFC 8693 §2.2.1); empty for other grants.
	IssuedTokenType string
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
	// DPoP is the key the tokens are bound to (RFC 9449), nil for bearer
	// tokens. Refreshes and resource calls must use the same key.
	DPoP *jose.DPoPKey
	// CertThumbprint is the x5t#S256 of the TLS client certificate the
	// token request presented (RFC 8705 §3); "" without one. A JWT access
	// token's cnf.x5t#S256 is checked against it.
	CertThumbprint string
	// ClientAssertion is the RFC 7523 client assertion sent with the
	// request (private_key_jwt, client_secret_jwt), decoded for display;
	// nil for other client authentication methods.
	ClientAssertion *jose.Decoded
	// GrantAssertion is the JWT bearer grant's assertion (RFC 7523 §2.1),
	// decoded for display; nil for other grants.
	GrantAssertion *jose.Decoded
	// RequestObject is the RFC 9101 request object the login's
	// authorization request was sent as, decoded for display; nil without.
	RequestObject *jose.Decoded
	// AuthorizationResponse is the login's JWT-secured authorization
	// response (JARM), with its checks; nil for a plain response.
	AuthorizationResponse *ResponseJWT

	Access, Refresh, ID jose.Decoded // the three tokens decoded (not verified)

	// Sent is what the login's authorization request sent (nonce, code),
	// for ValidateSet; nil for a refresh.
	Sent *LoginFacts
	// PreviousID is the ID token of the set a refresh started from, for
	// the continuity checks of OpenID Connect Core §12.2 (same iss, sub,
	// aud and auth_time); zero for a login or when it is not known.
	PreviousID jose.Decoded
	// Skew is the provider's clock read from the token response's Date
	// header.
	Skew ClockSkew
	// HTTPStatus and Latency are the token endpoint's answer: its status
	// and the time from sending the request to reading the answer.
	HTTPStatus int
	Latency    time.Duration
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

// responseFields lists the members of a JSON object in order (the members
// before a syntax error, if any); nil when raw is not a JSON object.
func ResponseFields(raw []byte) []ResponseField {
	fields, _, _ := jose.ParseObject(raw)
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

// KeepIDToken carries the login's ID token over a refresh response that
// has none (OpenID Connect Core §12.2 lets providers leave it out).
func KeepIDToken(old, ts *TokenSet) {
	if ts.IDToken == "" && old != nil && old.IDToken != "" {
		ts.IDToken, ts.ID, ts.IDKept = old.IDToken, old.ID, true
		ts.Sent = old.Sent // the kept ID token echoes that login's nonce
	}
}

// RefreshExpiry is when the refresh token expires: its exp claim, else
// ReceivedAt + the response's refresh_expires_in (Keycloak and others send
// it; 0 there means "no expiry" and gives ok false). ok is false when
// neither is known, as for most opaque refresh tokens.
func (t *TokenSet) RefreshExpiry() (time.Time, bool) {
	if t.RefreshToken == "" {
		return time.Time{}, false
	}
	if !t.Refresh.ExpiresAt.IsZero() {
		return t.Refresh.ExpiresAt, true
	}
	if t.RefreshKept {
		return time.Time{}, false // the response's refresh_expires_in is not about the kept token
	}
	raw, ok := t.Field("refresh_expires_in")
	if !ok {
		return time.Time{}, false
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		// Some providers send it as a string.
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return time.Time{}, false
		}
		n = json.Number(s)
	}
	secs, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil || secs <= 0 {
		return time.Time{}, false
	}
	return t.ReceivedAt.Add(time.Duration(secs) * time.Second), true
}

// LoginFacts are what the authorization request sent that the ID token
// must echo. They stay in memory with the token set and are never printed.
type LoginFacts struct {
	// Nonce is the nonce of the authorization request ("" = none sent).
	Nonce string
	// Code is the authorization code the tokens were exchanged for (already
	// redeemed, so useless to anyone), for c_hash.
	Code string
	// MaxAgeAsked is true when the request had max_age.
	MaxAgeAsked bool
}
