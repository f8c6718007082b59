package jose

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
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

// splitJWT splits a compact JWS (3 segments) or JWE (5 segments) and
// returns n == 0 when tok does not look like one: the first segment must
// be base64 text that starts like a JSON object.
func splitJWT(tok string) (segs [5]string, n int) {
	if dots := strings.Count(tok, "."); dots != 2 && dots != 4 {
		return segs, 0
	}
	rest := tok
	for {
		i := strings.IndexByte(rest, '.')
		if i < 0 {
			break
		}
		segs[n], rest = rest[:i], rest[i+1:]
		n++
	}
	segs[n] = rest
	n++
	if !looksLikeHeader(segs[0]) {
		return segs, 0
	}
	return segs, n
}

// looksLikeHeader reports whether seg is made of base64 characters and
// its first bytes decode to the start of a JSON object.
func looksLikeHeader(seg string) bool {
	if len(seg) < 2 {
		return false
	}
	for i := 0; i < len(seg); i++ {
		if !isBase64Char(seg[i]) {
			return false
		}
	}
	var in [8]byte
	k := 0
	for k < len(in) && k < len(seg) && seg[k] != '=' {
		in[k] = seg[k]
		switch in[k] {
		case '+':
			in[k] = '-'
		case '/':
			in[k] = '_'
		}
		k++
	}
	if k%4 == 1 {
		k--
	}
	var out [6]byte
	m, _ := base64.RawURLEncoding.Decode(out[:], in[:k])
	for _, c := range out[:m] {
		if !isJSONSpace(c) {
			return c == '{'
		}
	}
	return false
}

func isBase64Char(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '+' || c == '/' || c == '='
}

// decodeJWT fills d from the segments of a JWS or JWE.
func (d *Decoded) decodeJWT(segs []string) {
	src := []byte(d.Raw)
	// Segment i of src starts at offsets[i]; all decoded parts share one buffer.
	var offsets [5]int
	for i := 1; i < len(segs); i++ {
		offsets[i] = offsets[i-1] + len(segs[i-1]) + 1
	}
	seg := func(i int) []byte { return src[offsets[i] : offsets[i]+len(segs[i])] }
	jwe := len(segs) == 5
	size := base64.RawURLEncoding.DecodedLen(len(segs[0]))
	if !jwe {
		size += base64.RawURLEncoding.DecodedLen(len(segs[1])) + base64.RawURLEncoding.DecodedLen(len(segs[2]))
	}
	buf := make([]byte, size)

	var hb []byte
	hb, buf, d.HeaderErr = d.decodeSegment("header", seg(0), buf)
	d.Header, d.HeaderErr = d.parseMembers("header", hb, d.HeaderErr)
	d.ReadHeader()

	if jwe {
		d.ClaimsErr = errEncrypted
		d.Problems = append(d.Problems, errEncrypted.Error())
		return
	}

	var cb []byte
	cb, buf, d.ClaimsErr = d.decodeSegment("claims", seg(1), buf)
	if d.ClaimsErr == nil && len(cb) == 0 {
		d.ClaimsErr = errors.New("claims: empty payload (detached content?)")
		d.Problems = append(d.Problems, d.ClaimsErr.Error())
	} else {
		d.Claims, d.ClaimsErr = d.parseMembers("claims", cb, d.ClaimsErr)
	}
	d.ReadClaims()

	d.Signature, _, d.SignatureErr = d.decodeSegment("signature", seg(2), buf)
	d.checkSignature()
}

// decodeSegment decodes the base64url segment src into the front of buf
// and returns the decoded bytes and the rest of buf. Padding and the
// standard alphabet are tolerated with a Problem. On error it returns the
// bytes decoded before the damage.
func (d *Decoded) decodeSegment(part string, src, buf []byte) (out, rest []byte, err error) {
	n, err := base64.RawURLEncoding.Decode(buf, src)
	if err != nil {
		n, err = d.decodeLenient(part, src, buf)
	}
	return buf[:n:n], buf[n:], err
}

// decodeLenient is the slow path of decodeSegment, for segments that are
// not plain unpadded base64url.
func (d *Decoded) decodeLenient(part string, src, buf []byte) (int, error) {
	norm := make([]byte, len(src))
	padded, std := false, false
	for i, c := range src {
		switch c {
		case '+':
			c, std = '-', true
		case '/':
			c, std = '_', true
		}
		norm[i] = c
	}
	for len(norm) > 0 && norm[len(norm)-1] == '=' {
		norm, padded = norm[:len(norm)-1], true
	}
	n, err := base64.RawURLEncoding.Decode(buf, norm)
	if err != nil {
		err = fmt.Errorf("%s: invalid base64url: %w", part, err)
		d.Problems = append(d.Problems, err.Error())
		return n, err
	}
	if padded {
		d.Problems = append(d.Problems, part+": base64url has padding (JWTs use unpadded base64url)")
	}
	if std {
		d.Problems = append(d.Problems, part+": standard base64 alphabet (+ and /) instead of base64url")
	}
	return n, nil
}

// parseMembers parses the JSON object b of the given part. decodeErr is the
// error of the base64 step, which takes precedence over JSON errors caused
// by the truncated input.
func (d *Decoded) parseMembers(part string, b []byte, decodeErr error) ([]Field, error) {
	fields, dups, err := ParseObject(b)
	for _, name := range dups {
		d.Problems = append(d.Problems, fmt.Sprintf("%s: duplicate member %q", part, name))
	}
	if decodeErr != nil {
		return fields, decodeErr
	}
	if err != nil {
		err = fmt.Errorf("%s: %w", part, err)
		d.Problems = append(d.Problems, err.Error())
	}
	return fields, err
}

// readHeader sets Alg, Kid and Typ from the header fields.
func (d *Decoded) ReadHeader() {
	for _, f := range d.Header {
		switch f.Name {
		case "alg":
			d.Alg = d.stringMember("header alg", f)
		case "kid":
			d.Kid = d.stringMember("header kid", f)
		case "typ":
			d.Typ = d.stringMember("header typ", f)
		}
	}
	switch {
	case d.HeaderErr != nil:
	case d.Alg == "":
		d.Problems = append(d.Problems, "header: no alg")
	case strings.EqualFold(d.Alg, "none"):
		d.Problems = append(d.Problems, "alg none: the token is not signed")
	}
}

// readClaims sets the registered claim fields and the Time of time claims.
func (d *Decoded) ReadClaims() {
	for i := range d.Claims {
		f := &d.Claims[i]
		switch f.Name {
		case "sub":
			d.Subject = d.stringMember("sub", *f)
		case "iss":
			d.Issuer = d.stringMember("iss", *f)
		case "jti":
			d.JTI = d.stringMember("jti", *f)
		case "aud":
			d.Audience = d.audience(*f)
		case "exp":
			f.Time = d.numericDate(*f)
			d.ExpiresAt = f.Time
		case "iat":
			f.Time = d.numericDate(*f)
			d.IssuedAt = f.Time
		case "nbf":
			f.Time = d.numericDate(*f)
			d.NotBefore = f.Time
		case "auth_time":
			f.Time = d.numericDate(*f)
			d.AuthTime = f.Time
		}
	}
	if !d.ExpiresAt.IsZero() && !d.IssuedAt.IsZero() && d.ExpiresAt.Before(d.IssuedAt) {
		d.Problems = append(d.Problems, "exp is before iat")
	}
}

// stringMember returns f's value if it is a string and notes a Problem
// otherwise.
func (d *Decoded) stringMember(what string, f Field) string {
	s, ok := f.Value.(string)
	if !ok {
		d.Problems = append(d.Problems, what+" is not a string")
	}
	return s
}

// audience reads aud, which is a string or an array of strings.
func (d *Decoded) audience(f Field) []string {
	switch v := f.Value.(type) {
	case string:
		return []string{v}
	case []any:
		aud := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				d.Problems = append(d.Problems, "aud is not a string or an array of strings")
				return nil
			}
			aud = append(aud, s)
		}
		return aud
	}
	d.Problems = append(d.Problems, "aud is not a string or an array of strings")
	return nil
}

// NumericDate bounds: years 1 (exclusive, as it is time.Time's zero) to 9999.
const (
	minNumericDate = -62135596800
	maxNumericDate = 253402300799
)

// numericDate reads a NumericDate claim: seconds since the epoch, possibly
// fractional. It notes a Problem and returns the zero time when f is not a
// number or out of range.
func (d *Decoded) numericDate(f Field) time.Time {
	n, ok := f.Value.(json.Number)
	if !ok {
		d.Problems = append(d.Problems, f.Name+" is not a number")
		return time.Time{}
	}
	sec, nsec, ok := parseSeconds(string(n))
	if !ok || sec <= minNumericDate || sec > maxNumericDate {
		d.Problems = append(d.Problems, f.Name+" is out of range")
		return time.Time{}
	}
	return time.Unix(sec, nsec)
}

// parseSeconds parses a JSON number as seconds and nanoseconds. Plain
// decimals are parsed exactly; exponents go through float64.
func parseSeconds(s string) (sec, nsec int64, ok bool) {
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f <= minNumericDate-1 || f >= maxNumericDate+1 {
			return 0, 0, false
		}
		whole := int64(f)
		frac := int64((f - float64(whole)) * 1e9)
		return whole, frac, true
	}
	intPart, fracPart, _ := strings.Cut(s, ".")
	sec, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return 0, 0, false
	}
	for i := 0; i < 9; i++ {
		nsec *= 10
		if i < len(fracPart) {
			nsec += int64(fracPart[i] - '0')
		}
	}
	if strings.HasPrefix(intPart, "-") {
		nsec = -nsec
	}
	return sec, nsec, true
}

// checkSignature notes odd signature sizes for the header's alg.
func (d *Decoded) checkSignature() {
	if d.SignatureErr != nil {
		return
	}
	n := len(d.Signature)
	alg := d.Alg
	switch {
	case strings.EqualFold(alg, "none"):
		if n != 0 {
			d.Problems = append(d.Problems, "signature: present although alg is none")
		}
		return
	case d.HeaderErr != nil || alg == "":
		return
	case n == 0:
		d.Problems = append(d.Problems, "signature: empty although alg is "+alg)
		return
	}
	if want := signatureSize(alg); want > 0 && n != want {
		d.Problems = append(d.Problems, fmt.Sprintf("signature: %d bytes; %s signatures are %d bytes", n, alg, want))
	}
	if (strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS")) && n%64 != 0 {
		d.Problems = append(d.Problems, fmt.Sprintf(
			"signature: %d bytes, unusual for %s (RSA signatures are as long as the key, e.g. 256 bytes); it may be truncated", n, alg))
	}
}

// signatureSize returns the fixed signature length of alg, or 0 when it
// depends on the key.
func signatureSize(alg string) int {
	switch alg {
	case "HS256":
		return 32
	case "HS384":
		return 48
	case "HS512", "ES256", "EdDSA":
		return 64
	case "ES384":
		return 96
	case "ES512":
		return 132
	}
	return 0
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
