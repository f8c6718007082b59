package jose

import (
	"crypto/sha256"
	"encoding/hex"
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
