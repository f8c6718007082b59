package oidc

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// tokenResponse is the part of a token endpoint's success answer (RFC 6749
// §5.1, RFC 8693 §2.2.1) the app reads; TokenSet keeps the rest in Fields
// and Raw.
type tokenResponse struct {
	AccessToken, TokenType, RefreshToken, IDToken, Scope, IssuedTokenType string
	ExpiresIn                                                             int64 // 0 when absent or not positive
}

// responseBody is a provider answer read as name → value: a JSON object, or
// the form-encoded body some providers (GitHub) send.
type responseBody struct {
	json map[string]json.RawMessage // nil for a form-encoded body
	form url.Values
}

// isFormMedia reports whether a media type names a form-encoded answer
// (GitHub answers text/plain unless asked otherwise).
func isFormMedia(media string) bool {
	return media == "application/x-www-form-urlencoded" || media == "text/plain"
}

// readResponseBody reads body as the media type says: form-encoded for
// isFormMedia, a JSON object otherwise.
func readResponseBody(media string, body []byte) (responseBody, error) {
	if isFormMedia(media) {
		v, err := url.ParseQuery(string(body))
		if err != nil {
			return responseBody{}, fmt.Errorf("cannot parse the form-encoded answer: %w", err)
		}
		return responseBody{form: v}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return responseBody{}, fmt.Errorf("cannot parse json: %w", err)
	}
	if m == nil {
		return responseBody{}, errors.New("cannot parse json: the answer is null, not an object")
	}
	return responseBody{json: m}, nil
}

// str returns a member that must be a string when present: ("", nil) when
// absent or null, an error when it is another JSON type.
func (b responseBody) str(name string) (string, error) {
	if b.json == nil {
		return b.form.Get(name), nil
	}
	raw, ok := b.json[name]
	if !ok || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("cannot parse json: member %q is %s, not a string", name, jsonKind(raw))
	}
	return s, nil
}

// optStr returns a member when it is a string and "" otherwise: for members
// whose odd type is no reason to refuse the answer.
func (b responseBody) optStr(name string) string {
	s, _ := b.str(name)
	return s
}

// seconds reads a lifetime member such as expires_in: a JSON number or a
// string holding one, truncated to whole seconds. Absent, zero, negative or
// unreadable values give 0 (unknown); values are capped at math.MaxInt32
// seconds so that an expiry cannot overflow.
func (b responseBody) seconds(name string) int64 {
	var s string
	if b.json == nil {
		s = b.form.Get(name)
	} else if raw, ok := b.json[name]; ok {
		if err := json.Unmarshal(raw, &s); err != nil {
			s = string(raw) // a number, or something seconds refuses below
		}
	}
	return lifetimeSeconds(s)
}

// lifetimeSeconds reads "899", "1.5" or "1e3" as whole seconds; see seconds.
func lifetimeSeconds(s string) int64 {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return min(max(n, 0), math.MaxInt32)
	}
	// Only JSON number syntax: ParseFloat also takes "Inf" and hex floats.
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) || !json.Valid([]byte(s)) {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if (err != nil && !errors.Is(err, strconv.ErrRange)) || !(f >= 1) { // !(f >= 1) is also true for NaN
		return 0
	}
	return int64(min(f, math.MaxInt32))
}

// jsonKind names the JSON type of a raw value for messages.
func jsonKind(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "empty"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case '"':
		return "a string"
	case 'n':
		return "null"
	}
	return "a number"
}

// oauthError reads the RFC 6749 §5.2 members; nil when there is no "error".
func (b responseBody) oauthError(status int) *auth.OAuthError {
	code := b.optStr("error")
	if code == "" {
		return nil
	}
	return &auth.OAuthError{Code: code, Description: b.optStr("error_description"), URI: b.optStr("error_uri"), Status: status}
}

// errorFromAnswer is the *OAuthError of a failed answer: the §5.2 members
// when the body has them, else the status alone.
func errorFromAnswer(a *endpointAnswer) *auth.OAuthError {
	if b, err := readResponseBody(a.MediaType, a.Body); err == nil {
		if oe := b.oauthError(a.Status); oe != nil {
			return oe
		}
	}
	return &auth.OAuthError{Status: a.Status}
}

// errNoAccessToken says a success answer lacks its one required member.
var errNoAccessToken = errors.New("the answer has no access_token")

// parseTokenResponse judges a token endpoint answer: a *OAuthError for a
// failure status or an "error" member (some servers send errors with HTTP
// 200), another error when a success answer is unusable.
func parseTokenResponse(a *endpointAnswer) (*tokenResponse, error) {
	if !a.OK() {
		return nil, errorFromAnswer(a)
	}
	b, err := readResponseBody(a.MediaType, a.Body)
	if err != nil {
		return nil, err
	}
	if oe := b.oauthError(a.Status); oe != nil {
		return nil, oe
	}
	tr := &tokenResponse{IDToken: b.optStr("id_token"), Scope: b.optStr("scope"), ExpiresIn: b.seconds("expires_in")}
	for _, m := range []struct {
		name string
		dst  *string
	}{{"access_token", &tr.AccessToken}, {"token_type", &tr.TokenType}, {"refresh_token", &tr.RefreshToken}, {"issued_token_type", &tr.IssuedTokenType}} {
		if *m.dst, err = b.str(m.name); err != nil {
			return nil, err
		}
	}
	if tr.AccessToken == "" {
		return nil, errNoAccessToken
	}
	return tr, nil
}

// newTokenSet builds a TokenSet from a parsed token response and its body.
// prevRefresh is the refresh token that was presented, if any.
func newTokenSet(tr *tokenResponse, raw []byte, received time.Time, prevRefresh string) *auth.TokenSet {
	ts := &auth.TokenSet{
		AccessToken:     tr.AccessToken,
		TokenType:       tr.TokenType,
		ExpiresIn:       tr.ExpiresIn,
		Scope:           tr.Scope,
		IDToken:         tr.IDToken,
		IssuedTokenType: tr.IssuedTokenType,
		Raw:             raw,
		ReceivedAt:      received,
		Fields:          auth.ResponseFields(raw),
	}
	if tr.RefreshToken != "" {
		ts.RefreshToken = tr.RefreshToken
		ts.RefreshRotated = prevRefresh != "" && tr.RefreshToken != prevRefresh
	} else if prevRefresh != "" {
		ts.RefreshToken = prevRefresh
		ts.RefreshKept = true
	}
	ts.Access = jose.UnverifiedDecode(ts.AccessToken)
	if ts.RefreshToken != "" {
		ts.Refresh = jose.UnverifiedDecode(ts.RefreshToken)
	}
	if ts.IDToken != "" {
		ts.ID = jose.UnverifiedDecode(ts.IDToken)
	}
	return ts
}
