package mint

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Mutation is an edit of a signed token. What it does not touch stays as
// it was: the members' order, and the header and payload segments byte for
// byte when nothing in them changes.
type Mutation struct {
	// Set gives claims new values (in place, or appended when new).
	Set Object
	// Unset removes claims.
	Unset []string
	// Shift moves time claims by a duration.
	Shift map[string]time.Duration
	// Header sets header members (after Kid, AlgNone and Resign).
	Header Object
	// Kid sets the header's kid ("" keeps it).
	Kid string
	// Resign signs the result with this key (its alg, and its kid unless
	// Kid is set). Without it an edited token keeps its old signature,
	// which no longer matches.
	Resign *Key
	// AlgNone sets alg none and drops the signature.
	AlgNone bool
	// StripSignature drops the signature and keeps the header.
	StripSignature bool
}

// Parts are the decoded parts of a compact JWS.
type Parts struct {
	// HeaderSeg, PayloadSeg and SigSeg are the three segments as they are.
	HeaderSeg, PayloadSeg, SigSeg string
	// Header and Claims are the decoded header and payload objects.
	Header, Claims Object
}

// Split decodes the three parts of a signed token (after trimming
// whitespace and a "Bearer " prefix).
func Split(token string) (Parts, error) {
	raw := jose.TrimToken(token)
	segs := strings.Split(raw, ".")
	switch {
	case len(segs) == 5:
		return Parts{}, errors.New("an encrypted token (JWE) cannot be edited: only signed tokens (three parts)")
	case len(segs) != 3:
		return Parts{}, fmt.Errorf("not a signed JWT: %d parts, want three (header.payload.signature)", len(segs))
	}
	p := Parts{HeaderSeg: segs[0], PayloadSeg: segs[1], SigSeg: segs[2]}
	var err error
	if p.Header, err = decodeSegment(segs[0]); err != nil {
		return Parts{}, fmt.Errorf("header: %w", err)
	}
	if p.Claims, err = decodeSegment(segs[1]); err != nil {
		return Parts{}, fmt.Errorf("payload: %w", err)
	}
	return p, nil
}

func decodeSegment(seg string) (Object, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return nil, fmt.Errorf("invalid base64url: %w", err)
	}
	return ParseObject(b)
}

// Mutate applies m to the signed token.
func Mutate(token string, m Mutation) (string, error) {
	p, err := Split(token)
	if err != nil {
		return "", err
	}
	claims := p.Claims.Clone()
	claimsChanged := false
	for _, f := range m.Set {
		claims.Set(f.Name, f.Raw)
		claimsChanged = true
	}
	for _, name := range m.Unset {
		if !claims.Unset(name) {
			return "", fmt.Errorf("--unset %s: the token has no %s claim", name, name)
		}
		claimsChanged = true
	}
	for name, d := range m.Shift {
		raw, ok := claims.Get(name)
		if !ok {
			return "", fmt.Errorf("--shift %s: the token has no %s claim", name, name)
		}
		n, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return "", fmt.Errorf("--shift %s: %s is not a number of seconds", name, raw)
		}
		claims.SetValue(name, int64(n)+int64(d/time.Second))
		claimsChanged = true
	}

	header := p.Header.Clone()
	headerChanged := false
	setHeader := func(name string, v any) {
		header.SetValue(name, v)
		headerChanged = true
	}
	if m.Resign != nil {
		setHeader("alg", m.Resign.Alg)
		if m.Kid == "" && m.Resign.Kid != "" {
			setHeader("kid", m.Resign.Kid)
		}
	}
	if m.Kid != "" {
		setHeader("kid", m.Kid)
	}
	if m.AlgNone {
		setHeader("alg", "none")
	}
	for _, f := range m.Header {
		header.Set(f.Name, f.Raw)
		headerChanged = true
	}

	hseg, pseg := p.HeaderSeg, p.PayloadSeg
	if headerChanged {
		hseg = b64(header.Bytes())
	}
	if claimsChanged {
		pseg = b64(claims.Bytes())
	}
	input := hseg + "." + pseg
	switch {
	case m.AlgNone || m.StripSignature:
		return input + ".", nil
	case m.Resign != nil:
		return signInput(input, m.Resign.Alg, m.Resign)
	}
	return input + "." + p.SigSeg, nil
}

// ParseAssignment reads "name=value" for --set: value is taken as JSON when
// it is valid JSON (a number, true, an array, a quoted string...), as a
// string otherwise; a time claim (exp, nbf, iat, auth_time) also takes a
// time for ParseTime ("now", "+10m", "-1h").
func ParseAssignment(s string, now time.Time) (string, json.RawMessage, error) {
	name, value, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return "", nil, fmt.Errorf("%q: want claim=value", s)
	}
	if IsTimeClaim(name) {
		if n, err := ParseTime(value, now); err == nil {
			return name, json.RawMessage(strconv.FormatInt(n, 10)), nil
		}
	}
	if json.Valid([]byte(value)) && strings.TrimSpace(value) != "" {
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(value)); err == nil {
			return name, json.RawMessage(buf.Bytes()), nil
		}
	}
	b, _ := json.Marshal(value)
	return name, b, nil
}

// ParseShift reads "name=duration" for --shift ("exp=-1h").
func ParseShift(s string) (string, time.Duration, error) {
	name, value, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return "", 0, fmt.Errorf("%q: want claim=duration, such as exp=-1h", s)
	}
	d, err := time.ParseDuration(strings.TrimPrefix(value, "+"))
	if err != nil {
		return "", 0, fmt.Errorf("%q: %w", s, err)
	}
	return name, d, nil
}
