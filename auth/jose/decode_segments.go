package jose

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Splitting a compact JWS or JWE into its segments, base64url-decoding
// them leniently, and the signature segment's size checks.

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
