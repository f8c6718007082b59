package jose

import (
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Format tells what kind of token a string is.
type Format string

const (
	// FormatJWT is a JSON Web Token in compact form: a signed JWS
	// (three segments) or an encrypted JWE (five segments).
	FormatJWT Format = "jwt"
	// FormatOpaque is any other non-empty string, such as a reference
	// token. An opaque token is not an error; it just cannot be read.
	FormatOpaque Format = "opaque"
	// FormatEmpty is an empty or all-whitespace string.
	FormatEmpty Format = "empty"
)

// Field is one JSON member of a JWT header or claims set, in token order.
type Field struct {
	// Name is the member name, unescaped.
	Name string
	// Raw is the value exactly as the token carries it, with insignificant
	// whitespace removed. It must not be modified.
	Raw json.RawMessage
	// Value is Raw decoded like encoding/json with UseNumber: string,
	// json.Number, bool, nil, []any or map[string]any.
	Value any
	// Time is set for the registered time claims exp, iat, nbf and
	// auth_time when they hold a NumericDate (seconds since the epoch,
	// possibly fractional). It is zero otherwise.
	Time time.Time
}

// Decoded is what UnverifiedDecode learns from a token. It never says
// whether the token is genuine: nothing in it has been verified.
type Decoded struct {
	// Raw is the token after trimming surrounding whitespace and an
	// optional "Bearer " prefix.
	Raw string
	// Format tells whether Raw is a JWT, an opaque token or empty.
	Format Format
	// Length is len(Raw) in bytes.
	Length int

	// Header holds the JOSE header members in token order.
	Header []Field
	// HeaderErr tells why the header could not be decoded completely.
	// Header then holds the members read before the damage.
	HeaderErr error
	// Claims holds the payload members in token order. They are decoded
	// even when the header is damaged.
	Claims []Field
	// ClaimsErr tells why the payload could not be decoded completely.
	// Claims then holds the members read before the damage.
	ClaimsErr error
	// Signature is the decoded signature segment.
	Signature []byte
	// SignatureErr tells why the signature segment could not be decoded.
	SignatureErr error

	// Alg, Kid and Typ come from the header; they are empty when absent.
	Alg, Kid, Typ string

	// Subject, Issuer and JTI are the sub, iss and jti claims.
	Subject, Issuer, JTI string
	// Audience is the aud claim, which may be a string or an array.
	Audience []string
	// IssuedAt, NotBefore, ExpiresAt and AuthTime are the iat, nbf, exp
	// and auth_time claims; they are zero when absent or unreadable.
	IssuedAt, NotBefore, ExpiresAt, AuthTime time.Time

	// Problems are human-readable notes about anything odd in the token,
	// such as "header: invalid base64url: ..." or "alg none: ...".
	Problems []string
	// NotAToken, set for an opaque string, says why it cannot be a token
	// at all (NotATokenReason): it is not a reference only the provider
	// can read, but some other text.
	NotAToken string
}

// errEncrypted is ClaimsErr for a JWE, whose payload cannot be read
// without the recipient's private key.
var errEncrypted = errors.New("encrypted (JWE): payload not readable")

// UnverifiedDecode decodes raw without verifying anything. It accepts any
// input, never panics, and reports damage in the error fields and
// Problems of the result rather than failing.
func UnverifiedDecode(raw string) Decoded {
	tok := TrimToken(raw)
	d := Decoded{Raw: tok, Length: len(tok)}
	switch segs, n := splitJWT(tok); {
	case tok == "":
		d.Format = FormatEmpty
	case n == 0:
		d.Format = FormatOpaque
		if why := NotATokenReason(tok); why != "" {
			d.NotAToken = why
			d.Problems = append(d.Problems, "not a token: "+why)
		}
	default:
		d.Format = FormatJWT
		d.decodeJWT(segs[:n])
	}
	return d
}

// trimToken removes surrounding whitespace and a case-insensitive
// "Bearer " prefix.
func TrimToken(s string) string {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "bearer") {
		return "" // a prefix without a token
	}
	if len(s) > 6 && strings.EqualFold(s[:6], "bearer") && (s[6] == ' ' || s[6] == '\t') {
		s = strings.TrimSpace(s[7:])
	}
	return s
}

// Claim returns the claim called name. When a token repeats a name, the
// last occurrence wins, as it does for JSON decoders.
func (d Decoded) Claim(name string) (Field, bool) {
	return LastField(d.Claims, name)
}

// HeaderField returns the header member called name. When a token repeats
// a name, the last occurrence wins.
func (d Decoded) HeaderField(name string) (Field, bool) {
	return LastField(d.Header, name)
}

func LastField(fields []Field, name string) (Field, bool) {
	for i := len(fields) - 1; i >= 0; i-- {
		if fields[i].Name == name {
			return fields[i], true
		}
	}
	return Field{}, false
}

// ExpiresIn returns the time left before exp at now. It is negative when
// the token has expired, and ok is false when the token has no exp.
func (d Decoded) ExpiresIn(now time.Time) (left time.Duration, ok bool) {
	if d.ExpiresAt.IsZero() {
		return 0, false
	}
	return d.ExpiresAt.Sub(now), true
}

// Lifetime returns exp - iat, and ok is false unless both are present.
func (d Decoded) Lifetime() (time.Duration, bool) {
	if d.ExpiresAt.IsZero() || d.IssuedAt.IsZero() {
		return 0, false
	}
	return d.ExpiresAt.Sub(d.IssuedAt), true
}

// IsJWT reports whether the token is a JWT (signed or encrypted).
func (d Decoded) IsJWT() bool {
	return d.Format == FormatJWT
}
