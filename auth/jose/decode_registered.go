package jose

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Reading the registered header parameters and claims (alg, kid, typ, sub,
// aud, exp…) out of the decoded members into Decoded's typed fields.

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
