package jose

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// NotATokenReason says why s cannot be a bearer token, or "" when it can.
// A token travels in "Authorization: Bearer TOKEN", whose syntax (RFC 6750
// §2.1, b64token) allows letters, digits and - . _ ~ + / with = at the end
// only; a space, "!", braces or quotes mean the text is something else
// (a sentence, a JSON response, a copied log line). JWTs and the opaque
// tokens of every provider we know keep to that alphabet.
func NotATokenReason(s string) string {
	if s == "" {
		return ""
	}
	if strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[") {
		return "it is JSON, not a token (a token response? paste the value of its access_token, id_token or refresh_token)"
	}
	var bad []string
	seen := map[rune]bool{}
	padding := false
	for _, r := range s {
		switch {
		case r == '=':
			padding = true
			continue
		case padding:
			bad = addBad(bad, seen, '=') // "=" only at the end
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~+/", r)):
			continue
		default:
			bad = addBad(bad, seen, r)
		}
		if len(bad) >= 3 {
			break
		}
	}
	if len(bad) == 0 {
		return ""
	}
	return "it holds " + strings.Join(bad, ", ") + ": a token is one word of letters, digits and - . _ ~ + / (= only at the end), as the Authorization header allows (RFC 6750 §2.1)"
}

func addBad(bad []string, seen map[rune]bool, r rune) []string {
	if seen[r] {
		return bad
	}
	seen[r] = true
	switch r {
	case ' ':
		return append(bad, "a space")
	case '\n', '\r':
		return append(bad, "a line break")
	case '\t':
		return append(bad, "a tab")
	case '=':
		return append(bad, "“=” before its end")
	}
	return append(bad, fmt.Sprintf("“%c”", r))
}
