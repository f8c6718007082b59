package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
)

// Fingerprint is a short, stable name for a token that carries no jti
// (an opaque reference token, or a JWT without one): "#" and the first 8
// hex digits of the SHA-256 of the token. It identifies a token in a
// history or a status line without revealing it. "" for an empty token.
func Fingerprint(token string) string {
	if token == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(token))
	return "#" + hex.EncodeToString(sum[:4])
}

// Ref names the token wherever its jti would appear: the jti when it has
// one, else its Fingerprint.
func (d Decoded) Ref() string {
	if d.JTI != "" {
		return d.JTI
	}
	return Fingerprint(d.Raw)
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
